package com.wecomassist.load.stub;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} on Reactor Netty (timers, not threads, hold
 * the waiting requests): streamed (SSE {@code data:} chunks, a finishing chunk, {@code [DONE]}) or a
 * plain {@code chat.completion}, after the configured latency, with the configured error rate.
 *
 * <p>The answer is what the gateway's LLM drafter accepts: the JSON object the draft-system prompt
 * asks for, {@code {"status":"answer","answer":…,"used_entry_ids":[…]}}, citing the first knowledge
 * entry of the request ({@code <资料 编号="…">} in the user message), with no figures (the drafter
 * refuses figures its sources do not contain). {@code GET /_load/stats} counts requests.
 */
public final class ChatCompletionsStub implements AutoCloseable {

    static final String ANSWER = "您好，关于您咨询的问题，请以所引用资料中的说明为准，办理前可在手机银行查看详细规则，如需进一步帮助可随时联系我们。";
    private static final Pattern ENTRY = Pattern.compile("<资料 编号=\"([^\"]+)\">");
    /** Characters per streamed chunk (roughly one token of Chinese text). */
    static final int CHARS_PER_CHUNK = 4;

    private final LlmStubSettings settings;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();
    private final DisposableServer server;
    /** Faults to inject into the answers (the fault suite's; none unless a test adds them), API name {@code chat}. */
    private final StubFaults faults = new StubFaults();

    public ChatCompletionsStub(String host, int port, LlmStubSettings settings) {
        this.settings = settings;
        this.server = HttpServer.create().host(host).port(port)
                .route(r -> r
                        .post("/v1/chat/completions", this::complete)
                        .get("/_load/stats", (req, res) -> WecomApiStub.json(res, stats())))
                .bindNow(Duration.ofSeconds(10));
    }

    public String baseUrl() {
        return "http://" + server.host() + ":" + server.port() + "/v1";
    }


    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests.get());
        m.put("streamed", streamed.get());
        m.put("failed", failed.get());
        m.put("in_flight", inFlight.get());
        m.put("max_in_flight", maxInFlight.get());
        return m;
    }

    private Publisher<Void> complete(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asString().defaultIfEmpty("").flatMap(text -> {
            requests.incrementAndGet();
            JsonNode body = Json.tree(text);
            if (settings.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.errorRate()) {
                failed.incrementAndGet();
                return Mono.from(res.status(HttpResponseStatus.INTERNAL_SERVER_ERROR)
                        .header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"error\":{\"message\":\"injected by the load-test stub\",\"type\":\"server_error\"}}")));
            }
            String content = modelAnswer(entryIds(body));
            String model = body.path("model").asText("load-stub");
            StubFaults.Fault fault = faults.take("chat").orElse(null);
            if (fault != null) {
                failed.incrementAndGet();
                return injected(fault, res, body.path("stream").asBoolean(false), content, model);
            }
            long n = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(n, Math::max);
            Mono<Void> sent = body.path("stream").asBoolean(false) ? stream(res, content, model) : whole(res, content, model);
            return sent.doFinally(s -> inFlight.decrementAndGet());
        });
    }

    /** Faults to inject into the model's answers. */
    public StubFaults faults() {
        return faults;
    }

    /** An answer a fault replaced: an HTTP status (500, 429 with Retry-After 1), a hang, or a stream cut short. */
    private Mono<Void> injected(StubFaults.Fault fault, HttpServerResponse res, boolean stream, String content,
                                String model) {
        if (fault instanceof StubFaults.HttpStatus s) {
            HttpServerResponse r = res.status(s.status()).header("Content-Type", "application/json");
            if (s.status() == 429) {
                r = r.header("Retry-After", "1");
            }
            return Mono.from(r.sendString(Mono.just("{\"error\":{\"message\":\"injected by the fault suite\","
                    + "\"type\":\"" + (s.status() == 429 ? "rate_limit_exceeded" : "server_error") + "\"}}")));
        }
        if (fault instanceof StubFaults.Slow s) {
            return Mono.delay(s.delay()).then(stream ? stream(res, content, model) : whole(res, content, model));
        }
        if (fault instanceof StubFaults.CutStream && stream) {
            List<String> events = sseEvents(content, model);
            // the first chunks, then the connection drops: no finishing chunk, no [DONE]
            return Mono.from(res.header("Content-Type", "text/event-stream")
                    .sendString(Flux.fromIterable(events.subList(0, Math.min(2, events.size() - 1)))
                            .concatWith(Mono.error(new java.io.IOException("stream cut by the fault suite"))),
                            java.nio.charset.StandardCharsets.UTF_8));
        }
        return Mono.never(); // Hang, a WeCom error (means nothing here), or a cut of an answer that is not streamed
    }

    private Mono<Void> whole(HttpServerResponse res, String content, String model) {
        Duration wait = settings.total().compareTo(settings.firstToken()) > 0 ? settings.total() : settings.firstToken();
        Map<String, Object> message = Map.of("role", "assistant", "content", content);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", "stop");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", "chatcmpl-load");
        answer.put("object", "chat.completion");
        answer.put("model", model);
        answer.put("choices", List.of(choice));
        return Mono.delay(wait).then(Mono.from(res.header("Content-Type", "application/json")
                .sendByteArray(Mono.just(Json.bytes(answer)))));
    }

    private Mono<Void> stream(HttpServerResponse res, String content, String model) {
        streamed.incrementAndGet();
        List<String> events = sseEvents(content, model);
        int n = events.size();
        long start = System.nanoTime();
        Flux<String> timed = Flux.range(0, n).concatMap(i -> {
            long due = settings.chunkAtNanos(i, n) - (System.nanoTime() - start);
            return due > 0 ? Mono.delay(Duration.ofNanos(due)).thenReturn(events.get(i)) : Mono.just(events.get(i));
        });
        return Mono.from(res.header("Content-Type", "text/event-stream").header("Cache-Control", "no-cache")
                .sendString(timed, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The SSE events of one streamed answer: a role chunk with the first piece, the pieces, finish, [DONE]. */
    static List<String> sseEvents(String content, String model) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < content.length(); i += CHARS_PER_CHUNK) {
            pieces.add(content.substring(i, Math.min(content.length(), i + CHARS_PER_CHUNK)));
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Map<String, Object> delta = new LinkedHashMap<>();
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", pieces.get(i));
            events.add(chunk(delta, null, model));
        }
        // The finishing chunk and [DONE] go out together with the last piece's timing.
        events.add(chunk(Map.of(), "stop", model) + "data: [DONE]\n\n");
        return events;
    }

    private static String chunk(Map<String, Object> delta, String finishReason, String model) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", "chatcmpl-load");
        c.put("object", "chat.completion.chunk");
        c.put("model", model);
        c.put("choices", List.of(choice));
        return "data: " + Json.string(c) + "\n\n";
    }

    /** Entry ids of the knowledge entries given in the request's messages, in order. */
    static List<String> entryIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            Matcher matcher = ENTRY.matcher(m.path("content").asText(""));
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
        return ids;
    }

    /** The JSON object the drafter asks for; with no entry given, a handoff (the drafter's own rule). */
    static String modelAnswer(List<String> entryIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (entryIds.isEmpty()) {
            m.put("status", "handoff");
            m.put("answer", "");
            m.put("used_entry_ids", List.of());
        } else {
            m.put("status", "answer");
            m.put("answer", ANSWER);
            m.put("used_entry_ids", List.of(entryIds.get(0)));
        }
        return Json.string(m);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
