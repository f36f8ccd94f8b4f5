package com.wecomassist.comply.judge;

import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the judge's answer strictly: exactly {@code {"violation": bool, "category": "<id>"|"none",
 * "reason": "..."}}. Anything else (another field, a string "true", an unknown category, a
 * violation without a reason) is refused rather than guessed at: an answer that does not follow
 * the format may not follow the rules either, and refusing it only keeps the first two layers'
 * verdict.
 */
final class OpinionJson {

    /** A reason longer than this is not the one sentence asked for. */
    static final int MAX_REASON = 300;
    private static final Set<String> FIELDS = Set.of("violation", "category", "reason");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpinionJson() {
    }

    static Opinion read(String content, String prompt, String model) {
        String text = content == null ? "" : content.strip();
        // Some models wrap JSON in a Markdown code fence even in JSON mode; the fence carries nothing.
        if (text.startsWith("```")) {
            int firstLine = text.indexOf('\n');
            int close = text.lastIndexOf("```");
            if (firstLine > 0 && close > firstLine) {
                text = text.substring(firstLine + 1, close).strip();
            }
        }
        if (text.isEmpty()) {
            throw new UnusableOpinionException("the model answered nothing");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new UnusableOpinionException("not JSON: " + abbreviate(text), e);
        }
        if (node == null || !node.isObject()) {
            throw new UnusableOpinionException("not a JSON object: " + abbreviate(text));
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new UnusableOpinionException("unexpected field '" + name + "'");
            }
        }
        JsonNode violation = node.get("violation");
        if (violation == null || !violation.isBoolean()) {
            throw new UnusableOpinionException("violation is not true or false: " + violation);
        }
        JsonNode categoryNode = node.get("category");
        if (categoryNode == null || !categoryNode.isString()) {
            throw new UnusableOpinionException("category is not a string: " + categoryNode);
        }
        String category = categoryNode.asString().strip().toLowerCase(Locale.ROOT);
        JsonNode reasonNode = node.get("reason");
        if (reasonNode == null || !reasonNode.isString()) {
            throw new UnusableOpinionException("reason is not a string: " + reasonNode);
        }
        String reason = reasonNode.asString().strip();
        if (reason.length() > MAX_REASON) {
            throw new UnusableOpinionException("reason longer than " + MAX_REASON + " characters");
        }
        if (violation.booleanValue()) {
            if (!Categories.ALL.contains(category)) {
                throw new UnusableOpinionException("a violation of unknown category '" + abbreviate(category) + "'");
            }
            if (reason.isEmpty()) {
                throw new UnusableOpinionException("a violation without a reason");
            }
            return new Opinion(true, category, reason, prompt, model);
        }
        if (!Opinion.NONE.equals(category) && !category.isEmpty() && !Categories.ALL.contains(category)) {
            throw new UnusableOpinionException("unknown category '" + abbreviate(category) + "'");
        }
        return new Opinion(false, Opinion.NONE, reason, prompt, model);
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "…";
    }
}
