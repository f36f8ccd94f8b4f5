package com.wecomassist.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The settings check against the gateway's real records: every name in every kind of property
 * source, one exact line per problem. (SettingsStartupTest starts the gateway with such settings.)
 */
class SettingsCheckTest {

    private static final SettingsCatalog CATALOG = SettingsCatalog.scan(List.of("com.wecomassist"));

    private static List<String> problems(Map<String, Object> commandLine, Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", commandLine));
        return SettingsCheck.problems(environment, CATALOG);
    }

    private static List<String> commandLine(String... keyValues) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return problems(properties, Map.of());
    }

    @Test
    void theCatalogIsReadFromTheRecordsNotAList() {
        assertThat(CATALOG.values()).extracting(SettingsCatalog.Setting::key)
                .contains("assist.mode", "assist.key-prefix", "assist.wecom.max-clock-skew", "assist.kb.regression.queries",
                        "assist.console.users.<name>.password-hash", "assist.console.users.<name>.roles",
                        "assist.console.users.<name>.team",
                        "assist.route.account-managers.<name>", "assist.simulator.open-kf-ids",
                        "assist.compliance.semantic.vector-file")
                .doesNotContain("assist.console.users", "assist.kb.regression");
        assertThat(CATALOG.records()).containsKeys("assist", "assist.wecom", "assist.console", "assist.kb");
    }

    @Test
    void knownSettingsInEveryFormPass() {
        Map<String, Object> environmentVariables = Map.of("ASSIST_WECOM_CORP_ID", "wwBank", "ASSIST_WECOM_CORPID", "wwBank",
                "ASSIST_ROUTE_ACCOUNT_MANAGERS_WMCUSTOMER01", "li", "ASSIST_SIMULATOR_OPEN_KF_IDS_0", "wkA",
                "ASSIST_KB_REGRESSION_MAX_ACCURACY_DROP", "0.05", "PATH", "/usr/bin", "ASSISTANT", "not ours");
        Map<String, Object> commandLine = new LinkedHashMap<>();
        commandLine.put("assist.mode", "CLUSTER");
        commandLine.put("assist.wecom.maxClockSkew", "2m");
        commandLine.put("assist.kb.dir", "");
        commandLine.put("assist.simulator.open-kf-ids[0]", "wkB");
        commandLine.put("assist.route.account-managers[wmCustomer02]", "zhang");
        commandLine.put("assist.console.users[li].password-hash", "$2b$04$fv5XD3J3lDDM8vYje5EHQuw/ss3NWU1Odq9owXzWE6HBHsG.WDucq");
        commandLine.put("assist.console.users[li].roles", "AGENT,admin");
        commandLine.put("server.port", "0");
        commandLine.put("spring.anything", "Spring's own names are Spring's business");
        assertThat(problems(commandLine, environmentVariables)).isEmpty();
    }

    /** Every variable the shared checks and the load tests set, dashes dropped or not: none is refused. */
    @Test
    void theEnvironmentVariablesInUseAreKnown() {
        Map<String, Object> environmentVariables = new LinkedHashMap<>();
        for (String name : List.of("ASSIST_AUDIT_TOPIC", "ASSIST_CONSOLE_ADMINPASSWORD", "ASSIST_KAFKA_INBOUNDTOPIC",
                "ASSIST_KAFKA_OUTBOUNDTOPIC", "ASSIST_KB_CHANGESTOPIC", "ASSIST_KEYPREFIX", "ASSIST_LLM_API_KEY",
                "ASSIST_LLM_BASE_URL", "ASSIST_MODE", "ASSIST_REPLY_BURSTQUIETPERIOD", "ASSIST_WECOM_API_BASE_URL",
                "ASSIST_WECOM_CORP_ID", "ASSIST_WECOM_ENCODING_AES_KEY", "ASSIST_WECOM_MAX_CLOCK_SKEW", "ASSIST_WECOM_SECRET",
                "ASSIST_WECOM_TOKEN", "ASSIST_CONSOLE_ADMIN_PASSWORD")) {
            environmentVariables.put(name, "x");
        }
        assertThat(problems(Map.of(), environmentVariables)).allSatisfy(problem ->
                assertThat(problem).doesNotContain("unknown setting"));
    }

    @Test
    void anUnknownNameIsOneLineWithTheClosestSettingWhenThereIsOne() {
        assertThat(commandLine("assist.foo", "1", "assist.mod", "cluster", "assist.kbb.dir", "x",
                "assist.wecom.max-clock-skw", "1m", "assist.session.idle-tll", "1h", "assist.console.users[li].rolez", "AGENT",
                "assist.wecom", "1", "assist.mode.extra", "x")).containsExactly(
                "assist.foo (command line): unknown setting",
                "assist.mod (command line): unknown setting; did you mean assist.mode?",
                "assist.kbb.dir (command line): unknown setting; did you mean assist.kb.dir?",
                "assist.wecom.max-clock-skw (command line): unknown setting; did you mean assist.wecom.max-clock-skew?",
                "assist.session.idle-tll (command line): unknown setting; did you mean assist.session.idle-ttl?",
                "assist.console.users[li].rolez (command line): unknown setting; did you mean assist.console.users.li.roles?",
                "assist.wecom (command line): not a setting but a group of them (assist.wecom.*)",
                "assist.mode.extra (command line): unknown setting");
    }

    @Test
    void anUnknownEnvironmentVariableIsNamedAsWritten() {
        assertThat(problems(Map.of(), Map.of("ASSIST_MOD", "cluster"))).containsExactly(
                "ASSIST_MOD (environment variable): unknown setting; did you mean ASSIST_MODE?");
        assertThat(problems(Map.of(), Map.of("ASSIST_FOO", "1"))).containsExactly(
                "ASSIST_FOO (environment variable): unknown setting");
        assertThat(problems(Map.of(), Map.of("ASSIST_WECOM_CORP_IDX", "wwBank"))).containsExactly(
                "ASSIST_WECOM_CORP_IDX (environment variable): unknown setting; did you mean ASSIST_WECOM_CORP_ID?");
    }

    @Test
    void aBadValueIsOneLineWithTheValueAndWhatIsAllowed() {
        assertThat(commandLine("assist.mode", "clustr", "assist.wecom.api-timeout", "10 seconds",
                "assist.inbound.queue-capacity", "lots", "assist.llm.temperature", "hot", "assist.kb.max-import-size", "huge",
                "assist.outbound.hand-off-to-wecom-pool", "maybe", "assist.console.users[li].roles", "AGNT")).containsExactlyInAnyOrder(
                "assist.mode (command line): 'clustr' is not valid; allowed: embedded, cluster",
                "assist.wecom.api-timeout (command line): '10 seconds' is not valid; allowed: a duration such as 500ms, 30s, 5m, 2h or 7d",
                "assist.inbound.queue-capacity (command line): 'lots' is not valid; allowed: a whole number",
                "assist.llm.temperature (command line): 'hot' is not valid; allowed: a number such as 0.5",
                "assist.kb.max-import-size (command line): 'huge' is not valid; allowed: a size such as 512KB or 32MB",
                "assist.outbound.hand-off-to-wecom-pool (command line): 'maybe' is not valid; allowed: true or false",
                "assist.console.users[li].roles (command line): 'AGNT' is not valid; allowed: agent, content_editor, "
                        + "compliance_officer, account_manager, supervisor, operations, event_source, admin");
        // (Spring Boot's own environment source adds the variable's name: SettingsStartupTest)
        assertThat(problems(Map.of(), Map.of("ASSIST_MODE", "clustr"))).containsExactly(
                "assist.mode (environment variable): 'clustr' is not valid; allowed: embedded, cluster");
    }

    /** The records' own rules (ranges, lengths) are checked too, each as the message that names the setting. */
    @Test
    void aRecordsOwnRuleIsOneLine() {
        assertThat(commandLine("assist.console.min-password-length", "4", "assist.wecom.encoding-aes-key", "short"))
                .containsExactlyInAnyOrder(
                        "assist.console.min-password-length must be between 8 and 72 (BCrypt reads no further)",
                        "assist.wecom.encoding-aes-key must be exactly 43 characters (as shown in the WeCom admin console)");
    }

    @Test
    void everyProblemIsReportedAtOnceNamesAndValuesAlike() {
        assertThat(commandLine("assist.foo", "1", "assist.mode", "clustr")).containsExactly(
                "assist.foo (command line): unknown setting",
                "assist.mode (command line): 'clustr' is not valid; allowed: embedded, cluster");
    }

    @Test
    void editDistanceCountsASwapOfNeighboursAsOne() {
        assertThat(SettingsCheck.editDistance("idletll", "idlettl")).isEqualTo(1);
        assertThat(SettingsCheck.editDistance("mod", "mode")).isEqualTo(1);
        assertThat(SettingsCheck.editDistance("foo", "mode")).isEqualTo(3);
    }
}
