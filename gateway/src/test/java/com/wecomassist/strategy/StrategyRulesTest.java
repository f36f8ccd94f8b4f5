package com.wecomassist.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.error.Refused;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyRulesTest {

    private static final String VALID = """
            {"id": "t-1", "name": "测试", "kind": "OUTREACH",
             "trigger": {"eventTypes": ["large_transfer"], "conditions": [{"attribute": "amount", "op": "GE", "value": 1}]},
             "message": {"template": "{{称呼}}好，我是{{员工}}，{{event.product}} 的说明请回复我索取。"},
             "arms": [{"name": "control", "control": true}, {"name": "a"}],
             "conversion": {"eventType": "purchase", "windowDays": 14}}
            """;

    @SuppressWarnings("unchecked")
    private static List<String> problems(String json) {
        try {
            StrategyDesk.parse(json);
            return List.of();
        } catch (Refused e) {
            assertThat(e.reason()).isEqualTo("INVALID_STRATEGY");
            return (List<String>) e.facts().getOrDefault("problems", List.of(e.getMessage()));
        }
    }

    @Test
    void aValidStrategyAndEverySampleTheProjectShipsPass() {
        assertThat(problems(VALID)).isEmpty();
        List<StrategyDesk.Sample> samples = StrategyController.readSamples();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(4);
        for (StrategyDesk.Sample sample : samples) {
            assertThat(problems(sample.spec())).as(sample.file()).isEmpty();
        }
    }

    @Test
    void everyProblemIsNamedByItsField() {
        String bad = """
                {"id": "X", "name": "", "kind": "OUTREACH",
                 "trigger": {"eventTypes": ["Large Transfer"], "conditions": [{"attribute": "amount", "op": "GE", "value": "many"},
                   {"attribute": "p", "op": "IN", "value": []}, {"attribute": "q", "op": "LIKE", "value": 1}]},
                 "audience": {"manager": "SOMETIMES"},
                 "arms": [{"name": "a", "message": {"template": "{{客户姓名}}您好", "kfTemplate": "我是{{员工}}，{{手机}}"}},
                          {"name": "a", "weight": 0}],
                 "caps": {"perCustomerPerWeek": 9}, "quietHours": {"from": "25:00", "to": "08:00"},
                 "expiresAfter": "30d"}
                """;
        assertThat(problems(bad)).containsExactly(
                "id: 3 to 64 of a-z 0-9 -, starting with a letter or digit",
                "name: 1 to 64 characters",
                "trigger.eventTypes[0]: 1 to 64 of a-z 0-9 _",
                "trigger.conditions[0].value: a number for GE",
                "trigger.conditions[1].value: a non-empty list for IN",
                "trigger.conditions[2].op: one of EQ, EXISTS, GE, GT, IN, LE, LT, NE",
                "audience.manager: ANY, WITH or WITHOUT",
                "arms: exactly one arm has \"control\": true (it gets nothing: the baseline)",
                "arms[0].message.template: unknown slot {{客户姓名}} (known: {{称呼}}, {{员工}}, {{event.<attribute>}})",
                "arms[0].message.kfTemplate: {{员工}} is not for 微信客服, where the bank speaks, not an employee",
                "arms[0].message.kfTemplate: unknown slot {{手机}} (known: {{称呼}}, {{event.<attribute>}})",
                "arms[1].name: a is the name of an earlier arm",
                "arms[1].weight: above 0, at most 100",
                "arms[1].message: an arm that is not the control says something (or the strategy has a message)",
                "caps.perCustomerPerWeek: 1 to 7",
                "quietHours.from: HH:mm",
                "expiresAfter: a duration from 1h to 7d (e.g. 48h)",
                "conversion: what counts as 转化 (eventType, windowDays) is needed to measure the arms");
    }

    @Test
    void aChurnWarningNeedsAControlGroupToBeMeasuredButNoWords() {
        String warning = """
                {"id": "churn-x", "name": "流失预警", "kind": "CHURN_WARNING",
                 "trigger": {"eventTypes": ["large_transfer"]}%s}
                """;
        assertThat(problems(warning.formatted(""))).containsExactly(
                "arms: 2 to 6 arms, one of them the control group",
                "arms: exactly one arm has \"control\": true (it gets nothing: the baseline)");
        assertThat(problems(warning.formatted(", \"arms\": [{\"name\": \"control\", \"control\": true}, {\"name\": \"warn\"}]")))
                .as("no message, no conversion: a warning goes to a person and is read by 留存").isEmpty();
    }

    @Test
    void unknownFieldsAndBrokenJsonAreRefusedSayingWhat() {
        assertThat(problems(VALID.replace("\"kind\"", "\"kinds\""))).singleElement().asString()
                .startsWith("not a strategy: Unrecognized property \"kinds\"");
        assertThatThrownBy(() -> StrategyDesk.parse("{\"id\": ")).isInstanceOf(Refused.class)
                .hasMessageStartingWith("not a strategy:");
    }

    @Test
    void slotsAreFilledWithNeutralStandInsForTheCheck() {
        assertThat(StrategyDesk.standIns("{{称呼}}好，我是{{ 员工 }}，关于{{event.product}}。"))
                .isEqualTo("您好，我是客户经理，关于。");
    }
}
