package com.wecomassist.load.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.LoadConfig;
import com.wecomassist.load.callback.CallbackSigner;
import com.wecomassist.load.report.MachineInfo;
import com.wecomassist.load.report.ProcessCpu;
import com.wecomassist.load.report.ReportWriter;
import com.wecomassist.load.report.SvgChart;
import com.wecomassist.load.stub.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The callback-ingest scenario driven by {@code wrk}, a generator that saturates the bare endpoint
 * (Gatling on the same two cores could not: its limit, ~8,000/s, was once reported as the ceiling).
 *
 * <p>Three parts, each a run of {@code wrk} with {@code callbacks.lua}: every request a distinct
 * pre-signed {@code kf_msg_or_event} callback (its own nonce, signature and fresh timestamp), so the
 * gateway's replay guard refuses none:
 * <ol>
 *   <li><b>warm-up</b>: from the moment the gateway is ready, back-to-back 1 s windows at saturation:
 *       how soon a freshly started instance reaches its steady throughput;</li>
 *   <li><b>ceiling vs gateway</b>: alternating rounds against the bare endpoint and the gateway, at
 *       saturation, with each process's CPU time per callback;</li>
 *   <li><b>half load</b>: the gateway paced at half of its own saturated throughput, for the latency
 *       a real deployment sees with headroom.</li>
 * </ol>
 * Usage: {@code prepare DIR} before the gateway starts (the warm-up's callbacks, so that signing does
 * not compete with the fresh gateway), then {@code run DIR} once it is ready; {@code ./assist load ingest}
 * does both.
 */
public final class WrkIngest {

    /** Callbacks signed per second of a saturated round: above any rate two cores can answer. */
    static final int MAX_RATE = 70_000;
    /** Callbacks per 1 s warm-up window: a fresh gateway answers fewer than its steady rate. */
    static final int WARMUP_WINDOW_CALLBACKS = 50_000;
    private static final String OPEN_KF_ID = "wkLoadIngestAccount01";

    private final Settings settings;
    private final CallbackSigner signer;
    private final Path dir;

    record Settings(int warmupWindows, int rounds, int roundSeconds, int connections, int threads,
                    String gatewayUrl, String bareUrl, long gatewayPid, long barePid) {

        static Settings fromEnvironment() {
            return new Settings(
                    Integer.parseInt(LoadConfig.setting("ingest-warmup-windows", "20")),
                    Integer.parseInt(LoadConfig.setting("ingest-rounds", "3")),
                    Integer.parseInt(LoadConfig.setting("ingest-round-seconds", "10")),
                    Integer.parseInt(LoadConfig.setting("ingest-connections", "64")),
                    Integer.parseInt(LoadConfig.setting("ingest-threads", "1")),
                    LoadConfig.setting("gateway-url", "http://127.0.0.1:18080"),
                    LoadConfig.setting("bare-url", "http://127.0.0.1:18083"),
                    Long.parseLong(LoadConfig.setting("gateway-pid", "0")),
                    Long.parseLong(LoadConfig.setting("stubs-pid", "0")));
        }
    }

    WrkIngest(Settings settings, CallbackSigner signer, Path dir) {
        this.settings = settings;
        this.signer = signer;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("prepare") || args[0].equals("run"))) {
            System.err.println("usage: WrkIngest prepare|run DIR");
            System.exit(2);
        }
        LoadConfig config = LoadConfig.fromEnvironment();
        CallbackSigner signer = new CallbackSigner(config.token(), config.encodingAesKey(), config.corpId());
        WrkIngest ingest = new WrkIngest(Settings.fromEnvironment(), signer, Path.of(args[1]));
        if (args[0].equals("prepare")) {
            ingest.prepare();
        } else {
            ingest.run(config.note());
        }
    }

    // ---------------------------------------------------------------- callbacks

    private Path work() {
        return dir.resolve("wrk");
    }

    /** The one body every request carries: a kf_msg_or_event of one account, encrypted once. */
    private String encrypt;

    void prepare() throws IOException {
        Files.createDirectories(work());
        CallbackSigner.SignedCallback first = signer.kfEvent(OPEN_KF_ID);
        encrypt = first.encrypt();
        Files.writeString(work().resolve("body.xml"), first.body(), StandardCharsets.UTF_8);
        Files.writeString(work().resolve("encrypt.txt"), encrypt, StandardCharsets.UTF_8);
        for (int w = 0; w < settings.warmupWindows(); w++) {
            writeQueries(work().resolve("warmup-" + w + ".txt"), WARMUP_WINDOW_CALLBACKS);
        }
    }

    /** {@code count} distinct signed query strings for the shared body, timestamp now (valid 5 minutes). */
    Path writeQueries(Path file, int count) throws IOException {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        long salt = ThreadLocalRandom.current().nextLong(1L << 40);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                String nonce = Long.toString(salt) + "n" + i;
                out.write("msg_signature=" + signer.signature(timestamp, nonce, encrypt)
                        + "&timestamp=" + timestamp + "&nonce=" + nonce);
                out.newLine();
            }
        }
        return file;
    }

    // ---------------------------------------------------------------- runs

    record WrkRun(String target, double seconds, long requests, long errors, double rate, double p50Ms,
                  double p99Ms, double p999Ms, double maxMs, double cpuMicrosPerRequest) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", target);
            m.put("seconds", round(seconds, 3));
            m.put("requests", requests);
            m.put("errors", errors);
            m.put("perSecond", round(rate, 1));
            m.put("p50Ms", round(p50Ms, 3));
            m.put("p99Ms", round(p99Ms, 3));
            m.put("p999Ms", round(p999Ms, 3));
            m.put("maxMs", round(maxMs, 3));
            m.put("cpuMicrosPerRequest", round(cpuMicrosPerRequest, 1));
            return m;
        }
    }

    WrkRun wrk(String target, String baseUrl, Path queries, int seconds, int connections, int pauseMs,
                       long pid) throws IOException, InterruptedException {
        Path script = work().resolve("callbacks.lua");
        if (!Files.exists(script)) {
            try (InputStream in = WrkIngest.class.getResourceAsStream("/wrk/callbacks.lua")) {
                Files.copy(in, script);
            }
        }
        int threads = Math.min(settings.threads(), connections);
        List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "5s", "-s", script.toString(), baseUrl,
                "--", queries.toString(), work().resolve("body.xml").toString(), Integer.toString(pauseMs),
                Integer.toString(threads));
        long cpuBefore = ProcessCpu.ticks(pid);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + String.join(" ", command) + "\n" + output);
        }
        long cpuAfter = ProcessCpu.ticks(pid);
        String line = output.lines().filter(l -> l.startsWith("WRK_RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + output));
        JsonNode r = Json.tree(line.substring("WRK_RESULT ".length()));
        double wall = r.get("durationMicros").asLong() / 1e6;
        long requests = r.get("requests").asLong();
        long errors = r.get("connectErrors").asLong() + r.get("readErrors").asLong() + r.get("writeErrors").asLong()
                + r.get("statusErrors").asLong() + r.get("timeouts").asLong();
        JsonNode p = r.get("latencyPercentilesMicros");
        double cpuMicros = pid > 0 && requests > 0
                ? (cpuAfter - cpuBefore) * 1e6 / ProcessCpu.CLOCK_TICKS / requests : Double.NaN;
        return new WrkRun(target, wall, requests, errors, requests / wall, p.get("50").asDouble() / 1000,
                p.get("99").asDouble() / 1000, p.get("99.9").asDouble() / 1000,
                r.get("latencyMaxMicros").asDouble() / 1000, cpuMicros);
    }

    void run(String note) throws IOException, InterruptedException {
        encrypt = Files.readString(work().resolve("encrypt.txt"), StandardCharsets.UTF_8).strip();
        int c = settings.connections();
        // 1. warm-up: the first windows after readiness, back to back
        List<WrkRun> warmup = new ArrayList<>();
        for (int w = 0; w < settings.warmupWindows(); w++) {
            warmup.add(wrk("gateway", settings.gatewayUrl(), work().resolve("warmup-" + w + ".txt"), 1, c, 0,
                    settings.gatewayPid()));
        }
        // 2. alternating saturated rounds: bare, gateway, bare, gateway, ...
        List<WrkRun> rounds = new ArrayList<>();
        for (int i = 0; i < settings.rounds(); i++) {
            Path queries = writeQueries(work().resolve("round.txt"), MAX_RATE * settings.roundSeconds());
            rounds.add(wrk("bare", settings.bareUrl(), queries, settings.roundSeconds(), c, 0, settings.barePid()));
            queries = writeQueries(work().resolve("round.txt"), MAX_RATE * settings.roundSeconds());
            rounds.add(wrk("gateway", settings.gatewayUrl(), queries, settings.roundSeconds(), c, 0,
                    settings.gatewayPid()));
        }
        double bare = median(rounds, "bare");
        double gateway = median(rounds, "gateway");
        // 3. half of the gateway's saturated throughput: each connection pauses 5-15 ms (10 on average) between
        //    an answer and its next request
        double halfRate = gateway / 2;
        int pacedConnections = Math.max(1, (int) Math.round(halfRate * 0.010));
        Path queries = writeQueries(work().resolve("round.txt"), MAX_RATE * settings.roundSeconds());
        WrkRun half = wrk("gateway-half", settings.gatewayUrl(), queries, settings.roundSeconds(), pacedConnections,
                10, settings.gatewayPid());
        // the signed callbacks (hundreds of MB) and the script's copy are work files, not the report
        try (var files = Files.list(work())) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(work());
        report(note, warmup, rounds, half, bare, gateway, halfRate);
    }

    static double median(List<WrkRun> runs, String target) {
        double[] rates = runs.stream().filter(r -> r.target().equals(target)).mapToDouble(WrkRun::rate).sorted()
                .toArray();
        if (rates.length == 0) {
            return Double.NaN;
        }
        int m = rates.length / 2;
        return rates.length % 2 == 1 ? rates[m] : (rates[m - 1] + rates[m]) / 2;
    }

    /** Seconds after readiness until a warm-up window first reached {@code share} of the steady rate; -1 if never. */
    static double secondsToReach(List<WrkRun> warmup, double steady, double share) {
        double elapsed = 0;
        for (WrkRun w : warmup) {
            elapsed += w.seconds();
            if (w.rate() >= share * steady) {
                return elapsed;
            }
        }
        return -1;
    }

    private void report(String note, List<WrkRun> warmup, List<WrkRun> rounds, WrkRun half, double bare,
                        double gateway, double halfRate) {
        double share = gateway / bare;
        double to80 = secondsToReach(warmup, gateway, 0.8);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("generator", "wrk -t" + settings.threads() + " -c" + settings.connections()
                + " (callbacks.lua: distinct pre-signed kf_msg_or_event callbacks)");
        figures.put("note", note);
        figures.put("bareMedianPerSecond", round(bare, 1));
        figures.put("gatewayMedianPerSecond", round(gateway, 1));
        figures.put("gatewayShareOfBare", round(share, 4));
        figures.put("gatewayCpuMicrosPerCallback", round(medianCpu(rounds, "gateway"), 1));
        figures.put("bareCpuMicrosPerCallback", round(medianCpu(rounds, "bare"), 1));
        figures.put("halfLoad", Map.of("targetPerSecond", round(halfRate, 1), "run", half.toMap()));
        figures.put("warmupSecondsTo80Percent", to80);
        figures.put("rounds", rounds.stream().map(WrkRun::toMap).toList());
        figures.put("warmup", warmup.stream().map(WrkRun::toMap).toList());

        StringBuilder md = new StringBuilder();
        if (!note.isBlank()) {
            md.append("> ").append(note).append("\n\n");
        }
        md.append("Generator: `").append(figures.get("generator")).append("`, ").append(settings.roundSeconds())
                .append(" s rounds, bare and gateway alternating.\n\n");
        md.append("| figure | value |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| bare endpoint, median of %d rounds | **%,.0f callbacks/s** |%n",
                settings.rounds(), bare));
        md.append(String.format(Locale.ROOT, "| gateway, median of %d rounds | **%,.0f callbacks/s** |%n",
                settings.rounds(), gateway));
        md.append(String.format(Locale.ROOT, "| gateway ÷ bare | **%.1f %%** |%n", 100 * share));
        md.append(String.format(Locale.ROOT, "| CPU per callback: gateway / bare process | %.0f µs / %.0f µs |%n",
                medianCpu(rounds, "gateway"), medianCpu(rounds, "bare")));
        md.append(String.format(Locale.ROOT, "| at half the gateway's rate (%,.0f/s offered): achieved, p50 / p99 / max |"
                        + " %,.0f/s, %.2f / **%.2f** / %.1f ms |%n",
                halfRate, half.rate(), half.p50Ms(), half.p99Ms(), half.maxMs()));
        md.append(String.format(Locale.ROOT, "| warm-up: seconds after readiness to 80 %% of the steady rate | **%s** |%n",
                to80 < 0 ? "not within " + warmup.size() + " s" : String.format(Locale.ROOT, "%.1f", to80)));
        md.append("\n## Rounds\n\n| target | callbacks/s | errors | p50 ms | p99 ms | max ms | CPU µs per callback |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (WrkRun r : rounds) {
            md.append(row(r));
        }
        md.append(row(half));
        md.append("\n## Warm-up (1 s windows from readiness)\n\n| window | callbacks/s | share of steady | errors |"
                + " p99 ms | CPU µs per callback |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < warmup.size(); i++) {
            WrkRun w = warmup.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %,.0f | %.0f %% | %d | %.2f | %.0f |%n", i + 1, w.rate(),
                    100 * w.rate() / gateway, w.errors(), w.p99Ms(), w.cpuMicrosPerRequest()));
        }
        List<double[]> curve = new ArrayList<>();
        double t = 0;
        for (WrkRun w : warmup) {
            t += w.seconds();
            curve.add(new double[] {t, w.rate()});
        }
        SvgChart chart = new SvgChart("Gateway warm-up from readiness", "seconds", "callbacks/s")
                .series("gateway", curve)
                .series("steady (median)", List.of(new double[] {0, gateway}, new double[] {t, gateway}));
        new ReportWriter(dir).write("callback-ingest-wrk", MachineInfo.current(), figures, md.toString(),
                Map.of("warmup", chart));
    }

    private static String row(WrkRun r) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %d | %.2f | %.2f | %.1f | %.0f |%n", r.target(), r.rate(),
                r.errors(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.cpuMicrosPerRequest());
    }

    private static double medianCpu(List<WrkRun> runs, String target) {
        double[] v = runs.stream().filter(r -> r.target().equals(target)).mapToDouble(WrkRun::cpuMicrosPerRequest)
                .sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
