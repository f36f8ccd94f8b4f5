package com.wecomassist.draft;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenAI-compatible model that drafts replies (DeepSeek, Qwen, GLM, vLLM, Ollama ...). With no
 * {@code base-url} there is no model and the knowledge-base drafter answers (the log says so at
 * startup). Environment variables work: ASSIST_LLM_BASE_URL, ASSIST_LLM_API_KEY, ASSIST_LLM_MODEL.
 *
 * @param baseUrl            the API root that {@code /chat/completions} is appended to, e.g.
 *                           {@code https://api.deepseek.com/v1} or {@code http://vllm:8000/v1}
 * @param apiKey             sent as {@code Authorization: Bearer}; may be empty for servers without auth
 * @param model              the model name the server knows, e.g. {@code deepseek-chat}
 * @param stream             ask for a streamed (SSE) answer, so a stalled model is noticed at the
 *                           first-token timeout instead of the total one
 * @param jsonMode           send {@code response_format: json_object} (turn off for servers that refuse it)
 * @param temperature        sampling temperature; low, because drafts restate curated answers
 * @param maxTokens          upper bound of the answer's tokens
 * @param connectTimeout     longest wait for a TCP/TLS connection
 * @param firstTokenTimeout  longest wait for the first streamed chunk (or for the whole answer
 *                           when streaming is off)
 * @param idleTimeout        longest pause between two streamed chunks
 * @param totalTimeout       longest wait for one draft, retries included; then the KB drafter answers
 * @param maxRetries         retries of 429, 5xx and failed or reset connections
 * @param retryBackoff       first retry delay; doubles each time, with jitter; a longer Retry-After wins
 * @param maxConnections     concurrent requests to the model server (one HTTP/1.1 connection each);
 *                           more drafts wait for a free connection within the total timeout
 * @param breakerFailureRate percentage of failed calls, in the breaker's window, that opens it
 * @param breakerWindow      calls the breaker looks back on
 * @param breakerMinimumCalls calls needed before the breaker may open
 * @param breakerOpenFor     how long an open breaker sends every draft to the KB drafter before
 *                           letting a few trial calls through
 */
@ConfigurationProperties(prefix = "assist.llm", ignoreUnknownFields = false)
public record LlmProperties(
        URI baseUrl,
        String apiKey,
        String model,
        @DefaultValue("true") boolean stream,
        @DefaultValue("true") boolean jsonMode,
        @DefaultValue("0.1") double temperature,
        @DefaultValue("800") int maxTokens,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("8s") Duration firstTokenTimeout,
        @DefaultValue("5s") Duration idleTimeout,
        @DefaultValue("20s") Duration totalTimeout,
        @DefaultValue("2") int maxRetries,
        @DefaultValue("300ms") Duration retryBackoff,
        @DefaultValue("1000") int maxConnections,
        @DefaultValue("50") int breakerFailureRate,
        @DefaultValue("20") int breakerWindow,
        @DefaultValue("10") int breakerMinimumCalls,
        @DefaultValue("30s") Duration breakerOpenFor) {

    public LlmProperties {
        apiKey = apiKey == null ? "" : apiKey.trim();
        model = model == null ? "" : model.trim();
        require(baseUrl == null || baseUrl.toString().isBlank() || baseUrl.getScheme() != null
                        && (baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https")),
                "assist.llm.base-url must be an http(s) URL such as https://api.deepseek.com/v1");
        require(temperature >= 0 && temperature <= 2, "assist.llm.temperature must be between 0 and 2");
        require(maxTokens >= 16 && maxTokens <= 32768, "assist.llm.max-tokens must be between 16 and 32768");
        positive(connectTimeout, "connect-timeout");
        positive(firstTokenTimeout, "first-token-timeout");
        positive(idleTimeout, "idle-timeout");
        positive(totalTimeout, "total-timeout");
        positive(retryBackoff, "retry-backoff");
        require(maxRetries >= 0 && maxRetries <= 10, "assist.llm.max-retries must be between 0 and 10");
        require(maxConnections >= 1 && maxConnections <= 100_000, "assist.llm.max-connections must be between 1 and 100000");
        require(breakerFailureRate >= 1 && breakerFailureRate <= 100, "assist.llm.breaker-failure-rate must be between 1 and 100");
        require(breakerWindow >= 1, "assist.llm.breaker-window must be at least 1");
        require(breakerMinimumCalls >= 1, "assist.llm.breaker-minimum-calls must be at least 1");
        positive(breakerOpenFor, "breaker-open-for");
        // Fields are not assigned yet inside a compact constructor: test the parameter itself.
        boolean configured = baseUrl != null && !baseUrl.toString().isBlank();
        require(!configured || !model.isEmpty(),
                "assist.llm.base-url is set but assist.llm.model (ASSIST_LLM_MODEL) is empty: name the model to use");
    }

    /** True when a model server is configured; otherwise the knowledge-base drafter answers. */
    public boolean configured() {
        return baseUrl != null && !baseUrl.toString().isBlank();
    }

    /** The chat-completions URL ({@code base-url} + {@code /chat/completions}). */
    public String chatCompletionsUrl() {
        String base = baseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions";
    }

    private static void positive(Duration d, String name) {
        require(!d.isNegative() && !d.isZero(), "assist.llm." + name + " must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
