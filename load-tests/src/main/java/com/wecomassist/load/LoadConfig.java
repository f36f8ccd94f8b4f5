package com.wecomassist.load;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Settings of a load run, from system properties ({@code -Dload.gateway-url=…}) or environment
 * variables ({@code LOAD_GATEWAY_URL}), with the defaults of {@code ./assist load}. The gateway and
 * the stubs must run on loopback: a load test never targets another host.
 */
public record LoadConfig(String gatewayUrl, String bareUrl, String wecomUrl, Path reportDir, String corpId,
                         String token, String encodingAesKey, int kfAccounts,
                         double ingestStart, double ingestStep, int ingestLevels, int ingestLevelSeconds, int ingestWarmupSeconds,
                         double ingestP99LimitMs, int customers, int conversationSeconds, double llmLatencySeconds,
                         String question, String note) {

    public static final String DEFAULT_CORP_ID = "wwLoadTestCorp0001";
    public static final String DEFAULT_TOKEN = "LoadTestToken2026";
    public static final String DEFAULT_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    public static LoadConfig fromEnvironment() {
        LoadConfig c = new LoadConfig(
                get("gateway-url", "http://127.0.0.1:18080"),
                get("bare-url", "http://127.0.0.1:18083"),
                get("wecom-url", "http://127.0.0.1:18081"),
                Path.of(get("report-dir", "load-tests/target/load-report")),
                get("corp-id", DEFAULT_CORP_ID),
                get("token", DEFAULT_TOKEN),
                get("aes-key", DEFAULT_AES_KEY),
                Integer.parseInt(get("kf-accounts", "4")),
                Double.parseDouble(get("ingest-start", "250")),
                Double.parseDouble(get("ingest-step", "250")),
                Integer.parseInt(get("ingest-levels", "10")),
                Integer.parseInt(get("ingest-level-seconds", "10")),
                Integer.parseInt(get("ingest-warmup-seconds", "10")),
                Double.parseDouble(get("ingest-p99-limit-ms", "500")),
                Integer.parseInt(get("customers", "1000")),
                Integer.parseInt(get("conversation-seconds", "60")),
                Double.parseDouble(get("llm-latency-seconds", "1.5")),
                get("question", "手机银行转账限额是多少？"),
                get("note", ""));
        c.check();
        return c;
    }

    void check() {
        for (String url : new String[] {gatewayUrl, bareUrl, wecomUrl}) {
            requireLoopback(url);
        }
        if (ingestLevels < 1 || ingestLevels > 100 || ingestLevelSeconds < 2 || ingestLevelSeconds > 600
                || customers < 1 || customers > 50_000 || conversationSeconds < 5 || conversationSeconds > 3600) {
            throw new IllegalArgumentException("load settings out of bounds (levels 1..100 of 2..600 s, customers 1..50000, "
                    + "conversation-seconds 5..3600): " + this);
        }
    }

    /**
     * The gateway instances the callbacks go to in turn, as a load balancer would ({@code load.gateway-urls},
     * comma-separated; scenario 3 runs two); the gateway URL alone by default.
     */
    public java.util.List<String> gatewayUrls() {
        java.util.List<String> urls = java.util.Arrays.stream(get("gateway-urls", gatewayUrl).split(","))
                .map(String::strip).filter(u -> !u.isEmpty()).toList();
        urls.forEach(LoadConfig::requireLoopback);
        return urls;
    }

    /** Load tests never target another host. */
    static void requireLoopback(String url) {
        String host = java.net.URI.create(url).getHost();
        if (host == null || !(host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]"))) {
            throw new IllegalArgumentException("load tests target loopback only, not " + url);
        }
    }

    /** A further setting of one scenario ({@code load.<name>} or {@code LOAD_<NAME>}), or the fallback. */
    public static String setting(String name, String fallback) {
        return get(name, fallback);
    }

    /** The open_kfid of account {@code i} (customers are spread over the accounts). */
    public String openKfId(int i) {
        return String.format(Locale.ROOT, "wkLoad%02d", i % kfAccounts);
    }

    private static String get(String name, String fallback) {
        String p = System.getProperty("load." + name);
        if (p != null && !p.isBlank()) {
            return p;
        }
        String e = System.getenv("LOAD_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return e != null && !e.isBlank() ? e : fallback;
    }
}
