package com.wecomassist.draft.bench;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.draft.Draft;
import com.wecomassist.draft.DraftProperties;
import com.wecomassist.draft.DraftRequest;
import com.wecomassist.draft.DraftSource;
import com.wecomassist.draft.DrafterKind;
import com.wecomassist.draft.LlmSettings;
import com.wecomassist.draft.PromptCatalogue;
import com.wecomassist.draft.kb.KbTemplateDrafter;
import com.wecomassist.draft.openai.LlmDrafter;
import com.wecomassist.draft.openai.OpenAiChatClient;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelOption;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * ./assist bench-drafting: N concurrent drafts against an OpenAI-compatible stub that answers each
 * request (streamed, SSE) after a fixed delay. Prints the wall time, how many drafts came from the
 * model, and the peak number of live threads in this JVM (stub included). With --compare the same
 * load goes through LangChain4j's OpenAiStreamingChatModel (default JDK HTTP client) for contrast.
 *
 * <p>{@code --stream-ms} spreads the answer's chunks over that many milliseconds after the first
 * one, as a real model streams its tokens (default 0: the whole answer at once after the delay).
 *
 * <pre>./assist bench-drafting [--drafts 1000] [--delay-ms 1500] [--stream-ms 0] [--no-compare]</pre>
 */
public final class DraftingBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int drafts = 1000;
        long delayMs = 1500;
        boolean compare = true;
        long streamMs = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--drafts" -> drafts = Integer.parseInt(args[++i]);
                case "--delay-ms" -> delayMs = Long.parseLong(args[++i]);
                case "--no-compare" -> compare = false;
                case "--stream-ms" -> streamMs = Long.parseLong(args[++i]);
                case "--compare" -> compare = true;
                case "--help", "-h" -> {
                    System.out.println("usage: ./assist bench-drafting [--drafts 1000] [--delay-ms 1500] [--stream-ms 0] [--no-compare]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> sse = streamedAnswer();
        Duration delay = Duration.ofMillis(delayMs);
        Duration gap = Duration.ofMillis(streamMs / Math.max(1, sse.size() - 1));
        DisposableServer stub = HttpServer.create().host("127.0.0.1").port(0)
                .runOn(LoopResources.create("llm-stub", 2, true))
                .option(ChannelOption.SO_BACKLOG, 4096)
                .route(routes -> routes.post("/v1/chat/completions", (request, response) ->
                        request.receive().aggregate().asString().then(Mono.delay(delay))
                                .then(Mono.defer(() -> response.header("Content-Type", "text/event-stream")
                                        .sendString(gap.isZero() ? Flux.just(String.join("", sse))
                                                : Flux.fromIterable(sse).delayUntil(chunk -> Mono.delay(gap)))
                                        .then()))))
                .bindNow();
        String base = "http://127.0.0.1:" + stub.port() + "/v1";
        System.out.printf("drafting benchmark: %d concurrent drafts, LLM stub answering after %d ms (SSE, %d chunks over %d ms), "
                        + "%d CPUs, Java %s%n", drafts, delayMs, sse.size(), streamMs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try {
            Result ours = ours(base, drafts);
            print("wecom-assist LlmDrafter (WebClient/Reactor Netty)", ours);
            if (compare) {
                Result theirs = langchain4j(base, drafts);
                print("LangChain4j OpenAiStreamingChatModel (JDK HttpClient)", theirs);
            }
        } finally {
            stub.disposeNow();
        }
        System.exit(0);
    }

    record Result(Duration wall, int fromModel, int other, int peakThreads, int threadsBefore, Map<String, Integer> atPeak) {
    }

    private static Result ours(String base, int drafts) {
        LlmSettings s = new LlmSettings(base);
        s.firstTokenTimeout = Duration.ofSeconds(20);
        s.totalTimeout = Duration.ofSeconds(60);
        s.connectTimeout = Duration.ofSeconds(10);
        s.maxConnections = Math.max(1000, drafts);
        // Measures concurrency, not resilience: a few failures under load must not open the breaker.
        s.breakerWindow = 100_000;
        s.breakerMinimumCalls = 100_000;
        var properties = s.build();
        PromptCatalogue prompts = PromptCatalogue.load();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LlmDrafter drafter = new LlmDrafter(
                new OpenAiChatClient(WebClient.builder(), properties, OpenAiChatClient.breaker(properties), meters, Clock.systemUTC()),
                new KbTemplateDrafter(prompts), prompts, PiiMasker.standard(), ComplianceChecker.bankDefault(),
                new DraftProperties("示例银行", 2048), properties.model(), meters);
        try {
            System.out.println("  cold run (JIT not warmed up, connections being opened):");
            run(drafter, drafts);
            System.out.println("  warm-up runs:");
            for (int round = 0; round < 3; round++) {
                run(drafter, drafts);
            }
            System.out.println("  measured run:");
            return measure(() -> {
                List<Draft> out = run(drafter, drafts);
                int llm = (int) out.stream().filter(d -> d.drafter() == DrafterKind.LLM).count();
                return new int[] {llm, out.size() - llm};
            });
        } finally {
            drafter.close();
        }
    }

    private static List<Draft> run(LlmDrafter drafter, int n) {
        long start = System.nanoTime();
        long[] finished = new long[n];
        AtomicInteger count = new AtomicInteger();
        List<Draft> out = Flux.range(0, n)
                .flatMap(i -> drafter.draft(new DraftRequest("bench-" + i, "信用卡年费怎么收？我的手机号13812345678", SOURCES, false))
                        .doOnNext(d -> finished[count.getAndIncrement()] = System.nanoTime() - start), n)
                .collectList()
                .block(Duration.ofMinutes(5));
        Map<String, Long> fallbacks = new TreeMap<>();
        out.stream().filter(d -> d.fallbackReason() != null)
                .forEach(d -> fallbacks.merge(d.fallbackReason().tag(), 1L, Long::sum));
        if (!fallbacks.isEmpty()) {
            System.out.println("  fallbacks: " + fallbacks);
        }
        if (n >= 100) {
            java.util.Arrays.sort(finished);
            System.out.printf("  drafts finished after: first %d ms, median %d ms, p99 %d ms, last %d ms%n",
                    finished[0] / 1_000_000, finished[n / 2] / 1_000_000, finished[n * 99 / 100] / 1_000_000, finished[n - 1] / 1_000_000);
        }
        return out;
    }

    private static Result langchain4j(String base, int drafts) throws InterruptedException {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("bench")
                .modelName("stub-model").timeout(Duration.ofSeconds(60)).build();
        for (int round = 0; round < 3; round++) {
            fire(model, drafts);
        }
        return measure(() -> {
            int[] counts = fire(model, drafts);
            return counts;
        });
    }

    private static int[] fire(OpenAiStreamingChatModel model, int n) {
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            model.chat(List.of(SystemMessage.from("你是本行客服助理。"), UserMessage.from("信用卡年费怎么收？")),
                    new StreamingChatResponseHandler() {
                        @Override
                        public void onCompleteResponse(ChatResponse response) {
                            ok.incrementAndGet();
                            done.countDown();
                        }

                        @Override
                        public void onError(Throwable error) {
                            firstError.compareAndSet(null, error);
                            failed.incrementAndGet();
                            done.countDown();
                        }
                    });
        }
        try {
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("LangChain4j drafts did not finish within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (firstError.get() != null) {
            System.out.println("  first LangChain4j error: " + firstError.get());
        }
        return new int[] {ok.get(), failed.get()};
    }

    interface Load {
        int[] run() throws InterruptedException;
    }

    private static Result measure(Load load) {
        System.gc();
        int before = THREADS.getThreadCount();
        THREADS.resetPeakThreadCount();
        AtomicReference<Map<String, Integer>> atPeak = new AtomicReference<>(Map.of());
        AtomicInteger peakSeen = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                int now = THREADS.getThreadCount();
                if (now > peakSeen.get()) {
                    peakSeen.set(now);
                    atPeak.set(threadsByPool());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        int[] counts;
        try {
            counts = load.run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        sampler.interrupt();
        return new Result(wall, counts[0], counts[1], THREADS.getPeakThreadCount(), before, atPeak.get());
    }

    /** Live threads grouped by name with digits dropped (reactor-http-epoll-3 -> reactor-http-epoll-#). */
    private static Map<String, Integer> threadsByPool() {
        Map<String, Integer> pools = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            pools.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return pools;
    }

    private static void print(String client, Result r) {
        System.out.printf("%n%s%n  wall time %.2f s, %d drafts from the model, %d other (fallback/errors)%n"
                        + "  live threads: %d before, peak %d%n  at the peak: %s%n",
                client, r.wall().toMillis() / 1000.0, r.fromModel(), r.other(), r.threadsBefore(), r.peakThreads(),
                summarise(r.atPeak()));
    }

    private static String summarise(Map<String, Integer> pools) {
        StringBuilder b = new StringBuilder();
        pools.entrySet().stream().sorted((a, c) -> c.getValue() - a.getValue()).limit(8)
                .forEach(e -> b.append(e.getKey()).append(" x").append(e.getValue()).append(", "));
        return b.length() == 0 ? "-" : b.substring(0, b.length() - 2);
    }

    private static final List<DraftSource> SOURCES = List.of(
            new DraftSource("kb-101", 3, "信用卡年费怎么收？", "本行标准信用卡首年免年费，当年刷卡满6次即免次年年费。"),
            new DraftSource("kb-102", 1, "借记卡年费怎么收？", "本行借记卡免收年费和小额账户管理费。"));

    /** A streamed answer the drafter accepts: the JSON object the prompt asks for, in chunks, then [DONE]. */
    private static List<String> streamedAnswer() {
        JsonMapper json = JsonMapper.builder().build();
        String content = json.writeValueAsString(Map.of("status", "answer",
                "answer", "您好，本行标准信用卡首年免年费，当年刷卡满6次即免次年年费。", "used_entry_ids", List.of("kb-101")));
        List<String> sse = new java.util.ArrayList<>();
        int step = content.length() / 6 + 1;
        for (int i = 0; i < content.length(); i += step) {
            sse.add(chunk(json, Map.of("content", content.substring(i, Math.min(content.length(), i + step))), null));
        }
        sse.add(chunk(json, Map.of(), "stop") + "data: [DONE]\n\n");
        return sse;
    }

    private static String chunk(JsonMapper json, Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new java.util.LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        return "data: " + json.writeValueAsString(Map.of("model", "stub-model", "choices", List.of(choice))) + "\n\n";
    }
}
