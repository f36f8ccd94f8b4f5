package com.wecomassist.draft.openai;

/**
 * A complete answer of the chat-completions API.
 *
 * @param content      the assistant message's text (for us: the JSON object the prompt asks for)
 * @param model        the model name the server reported, or empty
 * @param finishReason {@code stop}, or null when a stream ended with [DONE] but named none
 */
public record ChatAnswer(String content, String model, String finishReason) {
}
