package com.wecomassist.outreach.llm;

import com.wecomassist.draft.openai.OpenAiChatClient;
import com.wecomassist.outreach.Personaliser;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Personalises an arm's words with the configured model (the drafter's client: one connection pool, one
 * circuit breaker). What the model gets: the words with their slots as placeholders, the strategy's
 * instruction and the names of the event's attributes — never a customer, an employee or an attribute's
 * value. What it answers is used only if it keeps to the rules, else the words as written are:
 * <ul>
 *   <li>a JSON object {@code {"text": ...}} (or the text itself), at most the template's length limit;</li>
 *   <li>only the slots the words had, each still there ({@code {{员工}}} must stay if it was there);</li>
 *   <li>every sentence of the words that speaks of risk (风险) kept word for word: a disclosure is not
 *       the model's to rephrase.</li>
 * </ul>
 * The text is then filled in and checked as an employee's reply like any message ({@code OutreachEngine}).
 */
public class LlmPersonaliser implements Personaliser {

    /** The system prompt's version, on the audit trail of every message it shaped. */
    public static final String PROMPT = "outreach-personalise@1";
    static final String SYSTEM = """
            你是银行客户经理的文字助手。请按照“要求”改写“话术”，使其更自然、更像客户经理本人说的话。
            规则：
            1. 保留话术中的全部占位符（形如 {{称呼}}、{{员工}}、{{event.xxx}}），原样保留，不要新增其他占位符，不要填入任何具体姓名、金额或号码。
            2. 含“风险”的句子（如“理财非存款，产品有风险，投资须谨慎。”）必须一字不改地保留。
            3. 不得承诺收益、保本或保证任何结果，不得使用“稳赚”“保本”“零风险”等说法，不得贬低他行。
            4. 不超过 %d 个字。
            只输出一个 JSON 对象：{"text": "改写后的话术"}。
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OpenAiChatClient model;
    private final String modelName;

    public LlmPersonaliser(OpenAiChatClient model, String modelName) {
        this.model = model;
        this.modelName = modelName;
    }

    @Override
    public Mono<Words> personalise(Strategy.Message message, Set<String> attributeNames) {
        if (message.prompt() == null || message.prompt().isBlank()) {
            return AS_WRITTEN.personalise(message, attributeNames);
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("话术", message.template());
        user.put("要求", message.prompt());
        user.put("可用的事件属性", List.copyOf(attributeNames));
        return model.complete(SYSTEM.formatted(StrategyRules.MAX_TEMPLATE), JSON.writeValueAsString(user))
                .map(answer -> checked(message.template(), answer.content()))
                .onErrorResume(e -> Mono.just(new Words(message.template(), "template (llm: " + e.getClass().getSimpleName()
                        + ")", PROMPT)));
    }

    /** The model's text if it keeps to the rules; the words as written otherwise, saying why. */
    Words checked(String template, String answer) {
        String text = text(answer);
        String why = text == null ? "no text" : broken(template, text);
        return why == null ? new Words(text, "llm:" + modelName, PROMPT)
                : new Words(template, "template (llm: " + why + ")", PROMPT);
    }

    private static String text(String answer) {
        if (answer == null || answer.isBlank()) {
            return null;
        }
        String trimmed = answer.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                String text = node.path("text").asString("");
                return text.isBlank() ? null : text.strip();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return trimmed;
    }

    /** Why the text may not replace the template; null when it may. */
    static String broken(String template, String text) {
        if (text.length() > StrategyRules.MAX_TEMPLATE) {
            return "too long";
        }
        List<String> had = slots(template);
        List<String> has = slots(text);
        if (!had.containsAll(has)) {
            return "a slot the words did not have";
        }
        if (!has.containsAll(had)) {
            return "a slot left out";
        }
        for (String sentence : template.split("(?<=[。！？])")) {
            if (sentence.contains("风险") && !text.contains(sentence.strip())) {
                return "the risk disclosure changed";
            }
        }
        return null;
    }

    private static List<String> slots(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = StrategyRules.SLOT.matcher(text);
        while (m.find()) {
            if (!out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
