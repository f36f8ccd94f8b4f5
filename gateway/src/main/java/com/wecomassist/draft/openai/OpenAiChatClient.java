package com.wecomassist.draft.openai;

import com.wecomassist.draft.FallbackReason;
import com.wecomassist.draft.LlmProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI chat-completions API ({@code POST {base-url}/chat/completions}) on Spring's reactive
 * WebClient over Reactor Netty: no thread waits for the model, so thousands of drafts can be in
 * flight on a handful of event-loop threads. (LangChain4j's OpenAI streaming model reads each SSE
 * stream with a blocking InputStream on a thread of its HTTP client's executor, one thread per
 * draft in flight; see the README's drafting section for the measurement.)
 *
 * <p>Per call: a streamed answer (SSE {@code data:} chunks up to {@code [DONE]}) or a plain JSON
 * one, whichever the server sends; timeouts for the connection, the first chunk, each pause and
 * the whole call; retries of 429, 5xx and failed or reset connections only, with exponential
 * backoff, jitter and the server's Retry-After; a circuit breaker around every attempt. Failures
 * come out as {@link LlmUnavailableException} or {@link LlmDraftFailedException} with a
 * {@link FallbackReason}.
 */
public final class OpenAiChatClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenAiChatClient.class);
    /** A runaway model is cut off here rather than buffered: far above any 2048-byte reply in JSON. */
    static final int MAX_CONTENT_CHARS = 16_000;
    private static final int MAX_ERROR_BODY_CHARS = 300;

    private final WebClient http;
    private final ConnectionProvider connections;
    private final LlmProperties settings;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Timer firstToken;

    public OpenAiChatClient(WebClient.Builder builder, LlmProperties settings, CircuitBreaker breaker,
                            MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.breaker = breaker;
        this.meters = meters;
        this.clock = clock;
        // A pool of its own: Reactor Netty's shared default allows 2 x cores connections and a short
        // waiting line, which would queue drafts behind each other for no reason but the pool.
        this.connections = ConnectionProvider.builder("assist-llm")
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(Math.max(1000, settings.maxConnections() * 10))
                .pendingAcquireTimeout(settings.totalTimeout())
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        HttpClient netty = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        // No observation per call: assist.llm.latency and assist.llm.first_token time every draft, and
        // the observation's per-request work (context, handlers, a timer per outcome) was a measurable
        // part of the event loops' CPU per reply.
        this.http = builder.clone().clientConnector(new ReactorClientHttpConnector(netty))
                .observationRegistry(ObservationRegistry.NOOP).build();
        // 0 closed, 1 half-open (trial calls), 2 open (every draft goes to the KB drafter).
        Gauge.builder("assist.llm.breaker.state", breaker, b -> switch (b.getState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        }).description("LLM circuit breaker: 0 closed, 1 half-open, 2 open").register(meters);
        this.firstToken = Timer.builder("assist.llm.first_token").description("time to the first streamed chunk")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** A breaker configured from the settings; it counts every failed attempt, whatever the reason. */
    public static CircuitBreaker breaker(LlmProperties settings) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.min(settings.breakerMinimumCalls(), settings.breakerWindow()))
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        CircuitBreaker breaker = CircuitBreaker.of("assist-llm", config);
        breaker.getEventPublisher().onStateTransition(e ->
                log.warn("LLM circuit breaker {} (failure rate {}%)", e.getStateTransition(),
                        breaker.getMetrics().getFailureRate()));
        return breaker;
    }

    /** One chat completion of {@code system} + {@code user}, complete, or an error with a reason. */
    public Mono<ChatAnswer> complete(String system, String user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", settings.model());
        body.put("messages", List.of(Map.of("role", "system", "content", system), Map.of("role", "user", "content", user)));
        body.put("temperature", settings.temperature());
        body.put("max_tokens", settings.maxTokens());
        body.put("stream", settings.stream());
        if (settings.jsonMode()) {
            body.put("response_format", Map.of("type", "json_object"));
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return Mono.defer(() -> attempt(body))
                    .transformDeferred(CircuitBreakerOperator.of(breaker))
                    .retryWhen(retries())
                    .timeout(settings.totalTimeout())
                    .onErrorMap(e -> !(e instanceof DraftFailure), this::outerFailure)
                    .doOnEach(signal -> {
                        if (signal.isOnNext() || signal.isOnError()) {
                            String outcome = signal.isOnNext() ? "ok"
                                    : ((DraftFailure) signal.getThrowable()).reason().tag();
                            meters.timer("assist.llm.latency", "outcome", outcome)
                                    .record(Duration.ofNanos(System.nanoTime() - start));
                        }
                    });
        });
    }

    private Mono<ChatAnswer> attempt(Map<String, Object> body) {
        long start = System.nanoTime();
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        return http.post()
                .uri(settings.chatCompletionsUrl())
                .headers(h -> {
                    if (!settings.apiKey().isEmpty()) {
                        h.setBearerAuth(settings.apiKey());
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToFlux(this::pieces)
                .doOnNext(piece -> {
                    if (started.compareAndSet(false, true)) {
                        firstToken.record(Duration.ofNanos(System.nanoTime() - start));
                    }
                    if (!piece.whole() && "[DONE]".equals(piece.data().strip())) {
                        finished.set(true);
                    }
                })
                .transform(pieces -> StreamDeadline.guard(pieces, settings.firstTokenTimeout(), settings.idleTimeout(),
                        Schedulers.parallel()))
                // The body is read to its end, not cancelled at [DONE]: a cancelled response closes its
                // connection, and opening one per draft costs more than the draft. Only a server that
                // keeps the stream open after [DONE] is cut off, by the idle timeout, and that is fine.
                .onErrorResume(TimeoutException.class, e -> finished.get() ? Flux.empty() : Flux.error(e))
                .collect(Accumulator::new, Accumulator::add)
                .map(Accumulator::finish)
                .onErrorMap(e -> !(e instanceof DraftFailure), e -> attemptFailure(e, started.get()));
    }

    /** One SSE data payload, or the whole body of a non-streamed answer. */
    private record Piece(boolean whole, String data) {
    }

    private Flux<Piece> pieces(ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        if (status.is2xxSuccessful()) {
            MediaType type = response.headers().contentType().orElse(MediaType.APPLICATION_JSON);
            if (MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
                SseDataReader reader = new SseDataReader();
                return response.bodyToFlux(DataBuffer.class)
                        .concatMapIterable(buffer -> {
                            try {
                                return reader.feed(buffer);
                            } finally {
                                DataBufferUtils.release(buffer);
                            }
                        })
                        .concatWith(Flux.defer(() -> Flux.fromIterable(reader.finish())))
                        .map(data -> new Piece(false, data));
            }
            return response.bodyToMono(String.class).defaultIfEmpty("").map(b -> new Piece(true, b)).flux();
        }
        HttpHeaders headers = response.headers().asHttpHeaders();
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .flatMapMany(text -> Flux.error(statusFailure(status, headers, text)));
    }

    private RuntimeException statusFailure(HttpStatusCode status, HttpHeaders headers, String body) {
        String detail = "HTTP " + status.value() + ": " + abbreviate(body);
        if (status.value() == 429) {
            return new LlmUnavailableException(FallbackReason.RATE_LIMITED, detail, retryAfter(headers), null);
        }
        if (status.is5xxServerError()) {
            return new LlmUnavailableException(FallbackReason.SERVER_ERROR, detail, retryAfter(headers), null);
        }
        // 400/401/403/404: a wrong key, model name or URL; loud, because every draft falls back until fixed.
        log.error("the LLM server refused the request ({}); check assist.llm.base-url, api-key and model", detail);
        return new LlmDraftFailedException(FallbackReason.REJECTED, detail);
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    private Duration retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private Retry retries() {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            long attempt = signal.totalRetries();
            if (!(failure instanceof LlmUnavailableException busy) || attempt >= settings.maxRetries()) {
                return Mono.error(failure);
            }
            long base = settings.retryBackoff().toMillis() << Math.min(attempt, 16);
            long jittered = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
            Duration wait = Duration.ofMillis(jittered);
            if (busy.retryAfter() != null) {
                if (busy.retryAfter().compareTo(settings.totalTimeout()) >= 0) {
                    // No point waiting longer than a draft may take: the KB drafter answers now.
                    return Mono.error(failure);
                }
                wait = busy.retryAfter().compareTo(wait) > 0 ? busy.retryAfter() : wait;
            }
            meters.counter("assist.llm.retries", "reason", busy.reason().tag()).increment();
            log.info("retrying the LLM in {} ms (retry {}) after: {}", wait.toMillis(), attempt + 1, failure.getMessage());
            return Mono.delay(wait);
        }));
    }

    private RuntimeException attemptFailure(Throwable e, boolean started) {
        if (e instanceof TimeoutException) {
            // Not retried: a model this slow would most likely be as slow again, and the customer waits.
            return started
                    ? new LlmDraftFailedException(FallbackReason.IDLE_TIMEOUT, "the stream paused longer than " + settings.idleTimeout())
                    : new LlmDraftFailedException(FallbackReason.FIRST_TOKEN_TIMEOUT, "no answer within " + settings.firstTokenTimeout());
        }
        if (e instanceof WebClientRequestException || e instanceof IOException || e.getCause() instanceof IOException) {
            return new LlmUnavailableException(FallbackReason.CONNECTION_FAILED, "connection to the LLM failed: " + e.getMessage(), null, e);
        }
        if (e instanceof JacksonException || e instanceof CodecException || e instanceof WebClientResponseException) {
            return new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "unreadable answer: " + e.getMessage(), e);
        }
        return new LlmDraftFailedException(FallbackReason.UNEXPECTED_ERROR, e.toString(), e);
    }

    private RuntimeException outerFailure(Throwable e) {
        if (e instanceof TimeoutException) {
            return new LlmDraftFailedException(FallbackReason.TOTAL_TIMEOUT, "no complete answer within " + settings.totalTimeout());
        }
        if (e instanceof CallNotPermittedException) {
            return new LlmDraftFailedException(FallbackReason.CIRCUIT_OPEN, "circuit breaker open");
        }
        return new LlmDraftFailedException(FallbackReason.UNEXPECTED_ERROR, e.toString(), e);
    }

    /** Collects the answer from the pieces; refuses unreadable chunks and runaway output at once. */
    private final class Accumulator {
        private final StringBuilder content = new StringBuilder();
        private String model = "";
        private String finishReason;
        private boolean done;
        private boolean whole;

        void add(Piece piece) {
            if (piece.whole()) {
                whole = true;
                JsonNode answer = read(piece.data());
                JsonNode choice = answer.path("choices").path(0);
                if (!choice.isObject()) {
                    throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "answer without choices");
                }
                append(text(choice.path("message").path("content")));
                take(answer, choice);
                done = true;
                return;
            }
            String data = piece.data().strip();
            if (done || data.isEmpty()) {
                return;
            }
            if ("[DONE]".equals(data)) {
                done = true;
                return;
            }
            readChunk(data);
        }

        /**
         * One streamed chunk, read as a stream of tokens rather than a tree: dozens of chunks a reply, and
         * only {@code model}, {@code error} and the first choice's {@code delta.content} and
         * {@code finish_reason} are wanted. Refuses what {@link #read} refuses.
         */
        private void readChunk(String data) {
            try (JsonParser parser = json.createParser(data)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "not a JSON object: " + abbreviate(data));
                }
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case "error" -> throw new LlmUnavailableException(FallbackReason.SERVER_ERROR,
                                "error inside the stream: " + abbreviate(String.valueOf((Object) parser.readValueAsTree())), null, null);
                        case "model" -> {
                            String named = value == JsonToken.VALUE_STRING ? parser.getString() : "";
                            if (!named.isEmpty()) {
                                model = named;
                            }
                        }
                        case "choices" -> readChoices(parser, value);
                        default -> parser.skipChildren();
                    }
                }
            } catch (JacksonException e) {
                throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "not JSON: " + abbreviate(data), e);
            }
        }

        /** The first choice's delta content and finish reason; later choices are skipped. */
        private void readChoices(JsonParser parser, JsonToken value) {
            if (value != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return;
            }
            boolean first = true;
            for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                if (!first || element != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                first = false;
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = parser.currentName();
                    JsonToken token = parser.nextToken();
                    if ("finish_reason".equals(field) && token == JsonToken.VALUE_STRING) {
                        String reason = parser.getString();
                        finishReason = reason.isEmpty() ? finishReason : reason;
                    } else if ("delta".equals(field) && token == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                            String deltaField = parser.currentName();
                            JsonToken deltaValue = parser.nextToken();
                            if ("content".equals(deltaField) && deltaValue == JsonToken.VALUE_STRING) {
                                append(parser.getString());
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }

        private void take(JsonNode node, JsonNode choice) {
            String m = text(node.path("model"));
            if (!m.isEmpty()) {
                model = m;
            }
            String reason = text(choice.path("finish_reason"));
            if (!reason.isEmpty()) {
                finishReason = reason;
            }
        }

        private void append(String piece) {
            content.append(piece);
            if (content.length() > MAX_CONTENT_CHARS) {
                throw new LlmDraftFailedException(FallbackReason.TOO_LONG, "answer longer than " + MAX_CONTENT_CHARS + " characters");
            }
        }

        ChatAnswer finish() {
            if (!done && finishReason == null) {
                throw new LlmDraftFailedException(FallbackReason.INCOMPLETE_STREAM,
                        "the stream ended without [DONE] after " + content.length() + " characters");
            }
            if ("length".equals(finishReason)) {
                throw new LlmDraftFailedException(FallbackReason.TOO_LONG, "cut off at assist.llm.max-tokens");
            }
            if ("content_filter".equals(finishReason)) {
                throw new LlmDraftFailedException(FallbackReason.MODEL_REFUSED, "the provider's content filter stopped the answer");
            }
            if (!whole && content.isEmpty() && !done) {
                throw new LlmDraftFailedException(FallbackReason.INCOMPLETE_STREAM, "empty stream");
            }
            return new ChatAnswer(content.toString(), model, finishReason);
        }

        private JsonNode read(String data) {
            try {
                JsonNode node = json.readTree(data);
                if (node == null || !node.isObject()) {
                    throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "not a JSON object: " + abbreviate(data));
                }
                return node;
            } catch (JacksonException e) {
                throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "not JSON: " + abbreviate(data), e);
            }
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : "";
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_ERROR_BODY_CHARS ? flat : flat.substring(0, MAX_ERROR_BODY_CHARS) + "…";
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
