package com.wecomassist.draft.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Bodies of the OpenAI chat-completions API, as a model server would send them. */
final class ChatStub {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ChatStub() {
    }

    /** The JSON object the draft-system prompt asks the model for. */
    static String modelAnswer(String status, String answer, String... entryIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("answer", answer);
        m.put("used_entry_ids", List.of(entryIds));
        return JSON.writeValueAsString(m);
    }

    /** A non-streamed chat.completion whose assistant message is {@code content}. */
    static String completion(String content) {
        return completion(content, "stop");
    }

    static String completion(String content, String finishReason) {
        Map<String, Object> message = Map.of("role", "assistant", "content", content);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", finishReason);
        return JSON.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion", "model", "stub-model",
                "choices", List.of(choice)));
    }

    /** One SSE event carrying a delta. */
    static String chunk(String piece, String finishReason) {
        Map<String, Object> delta = piece == null ? Map.of() : Map.of("content", piece);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        return "data: " + JSON.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion.chunk",
                "model", "stub-model", "choices", List.of(choice))) + "\n\n";
    }

    /** {@code content} streamed in {@code parts} chunks, a finishing chunk, and [DONE]. */
    static String stream(String content, int parts) {
        return streamedParts(content, parts) + chunk(null, "stop") + "data: [DONE]\n\n";
    }

    /** The first {@code parts} chunks of {@code content} only: no finish reason, no [DONE]. */
    static String streamedParts(String content, int parts) {
        StringBuilder sse = new StringBuilder(chunk("", null).replace("\"content\":\"\"", "\"role\":\"assistant\""));
        for (String piece : split(content, parts)) {
            sse.append(chunk(piece, null));
        }
        return sse.toString();
    }

    static List<String> split(String s, int parts) {
        List<String> out = new ArrayList<>();
        int size = Math.max(1, (s.length() + parts - 1) / parts);
        for (int i = 0; i < s.length(); i += size) {
            out.add(s.substring(i, Math.min(s.length(), i + size)));
        }
        return out;
    }
}
