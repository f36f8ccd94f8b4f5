package com.wecomassist.draft;

/**
 * Why an LLM draft was not used and the knowledge-base drafter answered instead. The tag is the
 * value of the {@code reason} label on {@code assist.draft.fallbacks}.
 */
public enum FallbackReason {
    /** The model server did not accept the connection in time, or the connection failed or reset. */
    CONNECTION_FAILED("connection-failed"),
    /** 429 answers, still after the retries (or a Retry-After longer than we can wait). */
    RATE_LIMITED("rate-limited"),
    /** 5xx answers, still after the retries. */
    SERVER_ERROR("server-error"),
    /** 4xx other than 429: wrong key, model or URL; retrying cannot help. */
    REJECTED("rejected"),
    /** No first token within assist.llm.first-token-timeout. */
    FIRST_TOKEN_TIMEOUT("first-token-timeout"),
    /** The stream paused longer than assist.llm.idle-timeout between chunks. */
    IDLE_TIMEOUT("idle-timeout"),
    /** The whole call, retries included, took longer than assist.llm.total-timeout. */
    TOTAL_TIMEOUT("total-timeout"),
    /** The circuit breaker is open after too many failures: the model is not even asked. */
    CIRCUIT_OPEN("circuit-open"),
    /** The stream ended without its last chunk ([DONE] or a finish reason). */
    INCOMPLETE_STREAM("incomplete-stream"),
    /** Not the JSON the prompt asks for (or a chunk that is not JSON at all). */
    MALFORMED_OUTPUT("malformed-output"),
    /** No text, or an answer without any text. */
    EMPTY_OUTPUT("empty-output"),
    /** The answer cites no entry, or an entry it was not given. */
    UNKNOWN_SOURCES("unknown-sources"),
    /** Longer than one WeCom message (assist.draft.max-reply-bytes), or cut off by the token limit. */
    TOO_LONG("too-long"),
    /** The answer repeats the system prompt, its canary or the message fence. */
    PROMPT_LEAK("prompt-leak"),
    /** The answer speaks as someone other than the bank's assistant (a president, an employee). */
    IMPERSONATION("impersonation"),
    /** The model's provider refused (content filter). */
    MODEL_REFUSED("model-refused"),
    /** The compliance rule packs block the text outright. */
    COMPLIANCE_BLOCKED("compliance-blocked"),
    /** Anything else (a bug): logged with its stack trace. */
    UNEXPECTED_ERROR("unexpected-error");

    private final String tag;

    FallbackReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
