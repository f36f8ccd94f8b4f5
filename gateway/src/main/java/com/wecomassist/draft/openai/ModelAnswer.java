package com.wecomassist.draft.openai;

import com.wecomassist.draft.FallbackReason;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON object the draft-system prompt asks the model for:
 * {@code {"status": "answer"|"clarify"|"handoff", "answer": "...", "used_entry_ids": ["..."]}}.
 */
record ModelAnswer(Status status, String answer, List<String> usedEntryIds) {

    enum Status { ANSWER, CLARIFY, HANDOFF }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Parses the model's text; anything else than the object asked for is a failed draft. */
    static ModelAnswer parse(String content) {
        String text = content == null ? "" : content.strip();
        if (text.isEmpty()) {
            throw new LlmDraftFailedException(FallbackReason.EMPTY_OUTPUT, "the model answered nothing");
        }
        // Some models wrap JSON in a Markdown code fence even in JSON mode; the fence carries nothing.
        if (text.startsWith("```")) {
            int firstLine = text.indexOf('\n');
            int close = text.lastIndexOf("```");
            if (firstLine > 0 && close > firstLine) {
                text = text.substring(firstLine + 1, close).strip();
            }
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "the model's answer is not JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "the model's answer is not a JSON object");
        }
        JsonNode statusNode = node.get("status");
        Status status;
        try {
            status = Status.valueOf(statusNode == null || !statusNode.isString() ? "" : statusNode.asString().strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "unknown status " + statusNode);
        }
        JsonNode answerNode = node.get("answer");
        String answer = answerNode != null && answerNode.isString() ? answerNode.asString() : "";
        if (answerNode != null && !answerNode.isString() && !answerNode.isNull()) {
            throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "answer is not a string");
        }
        JsonNode ids = node.get("used_entry_ids");
        List<String> used = new ArrayList<>();
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "used_entry_ids is not an array");
            }
            for (JsonNode id : ids) {
                if (!id.isString() && !id.isNumber()) {
                    throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "used_entry_ids holds " + id);
                }
                String value = id.asString().strip();
                if (!used.contains(value)) {
                    used.add(value);
                }
            }
        }
        return new ModelAnswer(status, answer, List.copyOf(used));
    }
}
