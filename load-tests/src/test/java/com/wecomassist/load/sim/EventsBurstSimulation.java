package com.wecomassist.load.sim;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomassist.load.LoadConfig;
import com.wecomassist.load.report.EventsBurstReport;
import com.wecomassist.load.report.GatewayGauges;
import com.wecomassist.load.report.GatewayTimers;
import com.wecomassist.load.report.MachineInfo;
import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.SyntheticContacts;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 20, an event burst: the gateway is given a bank (a full 客户联系 sync of {@code load.customers}
 * synthetic customers whose friendships began days ago, 管户 links for seven in ten of them through the
 * CSV import, the large-transfer sample strategy drafted by one OPERATIONS user and published by another,
 * its quiet hours dropped), then {@code load.events} large_transfer events (in, ≥ 200,000) over those
 * customers are posted in batches of 1,000 by {@code load.concurrency} senders as fast as the gateway
 * answers. The report gives events/s accepted, how long until the engine had handled them all (the
 * test's ASSIGNED stops growing), the 企业群发 tasks per second WeCom's stub took, the gateway's heap, and
 * WeCom's limit of 4 enterprise messages per customer a month as the stub counted it. Run by
 * {@code ./assist load events}, never by {@code verify}.
 */
public class EventsBurstSimulation extends Simulation {

    static final String STRATEGY = "large-transfer-wealth";
    static final int BATCH = 1000;
    /** Seven in ten customers get a 管户 link: customer i when i % 10 < 7. */
    static final int LINKED_IN_TEN = 7;

    private static final AtomicInteger NEXT_BATCH = new AtomicInteger();
    private static final List<EventsBurstReport.Batch> BATCHES = Collections.synchronizedList(new ArrayList<>());

    private final LoadConfig config = LoadConfig.fromEnvironment();
    private final int events = Integer.parseInt(LoadConfig.setting("events", "100000"));
    private final int customers = Integer.parseInt(LoadConfig.setting("contacts-customers", "20000"));
    private final int employees = Integer.parseInt(LoadConfig.setting("contacts-employees", "100"));
    private final int concurrency = Integer.parseInt(LoadConfig.setting("concurrency", "4"));
    private final int maxSeconds = Integer.parseInt(LoadConfig.setting("events-max-seconds", "1200"));
    private final String strategyFile = LoadConfig.setting("strategy-file", "");
    private final String admin = LoadConfig.setting("gateway-user", "loadtest");
    private final String password = LoadConfig.setting("gateway-password", "");
    private final String eventSource = LoadConfig.setting("event-source-user", "bankfeed");
    private final String author = LoadConfig.setting("operations-author", "ops01");
    private final String reviewer = LoadConfig.setting("operations-reviewer", "ops02");
    private final int batches = (events + BATCH - 1) / BATCH;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final GatewayGauges gauges = new GatewayGauges(config.gatewayUrl());
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Object> setup = new LinkedHashMap<>();
    private long burstStart;
    /** The machine (load average) when the run began, before the setup. */
    private MachineInfo machine;

    private final ScenarioBuilder bankFeed = scenario("bank feed")
            .exec(asLongAs(session -> NEXT_BATCH.get() < batches).on(
                    exec(this::nextBatch)
                    .doIf(session -> session.getInt("batch") < batches).then(
                            exec(http("events").post(config.gatewayUrl() + "/api/events").basicAuth(eventSource, password)
                                    .header("Content-Type", "application/json").body(StringBody("#{body}"))
                                    .check(status().saveAs("status"), bodyString().saveAs("answer")))
                            .exec(this::answered))));

    private Session nextBatch(Session session) {
        int b = NEXT_BATCH.getAndIncrement();
        if (b >= batches) {
            return session.set("batch", b);
        }
        return session.set("batch", b).set("body", batchBody(b)).set("sentAt", System.currentTimeMillis());
    }

    private Session answered(Session session) {
        long now = System.currentTimeMillis();
        JsonNode counts = Json.tree(session.contains("answer") ? session.getString("answer") : "").path("counts");
        BATCHES.add(new EventsBurstReport.Batch(session.getInt("batch"), session.getLong("sentAt") - burstStart,
                now - burstStart, session.contains("status") ? session.getInt("status") : -1,
                counts.path("ACCEPTED").asLong(), counts.path("DUPLICATE").asLong(), counts.path("UNLINKED").asLong(),
                counts.path("REJECTED").asLong()));
        return session.remove("body").remove("answer");
    }

    /**
     * Batch {@code b}'s events: event n is for a customer drawn by a fixed hash of n, as a bank's feed mixes
     * them: a customer's events may sit in batches that are in flight at the same time (about 5 events a
     * customer at the defaults; one in 150 customers gets none).
     */
    String batchBody(int b) {
        String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder sb = new StringBuilder(BATCH * 180).append('[');
        int from = b * BATCH;
        int to = Math.min(events, from + BATCH);
        for (int n = from; n < to; n++) {
            long customer = Math.floorMod(mix(n), (long) customers);
            if (n > from) {
                sb.append(',');
            }
            sb.append("{\"event_id\":\"BURST-").append(runId).append('-').append(n)
                    .append("\",\"external_userid\":\"").append(SyntheticContacts.customerId(customer))
                    .append("\",\"type\":\"large_transfer\",\"occurred_at\":\"").append(now)
                    .append("\",\"attributes\":{\"amount\":").append(200000 + (n % 300) * 1000)
                    .append(",\"direction\":\"in\"}}");
        }
        return sb.append(']').toString();
    }

    /** SplitMix64's finaliser: a fixed, well-spread hash of the event's number. */
    static long mix(long n) {
        long z = n + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    {
        setUp(bankFeed.injectOpen(atOnceUsers(concurrency))).maxDuration(Duration.ofSeconds(maxSeconds));
    }

    @Override
    public void before() {
        machine = MachineInfo.current();
        long t0 = System.currentTimeMillis();
        syncContacts();
        setup.put("sync_seconds", (System.currentTimeMillis() - t0) / 1000.0);
        long t1 = System.currentTimeMillis();
        importLinks();
        setup.put("links_seconds", (System.currentTimeMillis() - t1) / 1000.0);
        publishStrategy();
        gauges.start(maxSeconds + 600);
        burstStart = System.currentTimeMillis();
    }

    @Override
    public void after() {
        long burstEnd = System.currentTimeMillis();
        // the engine has handled every event once the test's ASSIGNED (and the tasks WeCom took) stop growing
        List<EventsBurstReport.Poll> polls = new ArrayList<>();
        long quietSince = -1;
        long lastAssigned = -1;
        long lastTasks = -1;
        while (System.currentTimeMillis() - burstStart < (maxSeconds + 300) * 1000L) {
            long assigned = assigned();
            long tasks = Json.tree(Json.string(StubPages.read(config.wecomUrl() + "/_load/group-sends",
                    new TypeReference<Map<String, Object>>() { }))).path("tasks").asLong();
            long at = System.currentTimeMillis() - burstStart;
            polls.add(new EventsBurstReport.Poll(at, assigned, tasks));
            if (assigned == lastAssigned && tasks == lastTasks) {
                if (at - quietSince >= 5000) {
                    break;
                }
            } else {
                quietSince = at;
                lastAssigned = assigned;
                lastTasks = tasks;
            }
            sleep(1000);
        }
        List<GatewayGauges.Sample> jvm = gauges.stop();
        Map<String, Object> groupSends = StubPages.read(config.wecomUrl() + "/_load/group-sends",
                new TypeReference<Map<String, Object>>() { });
        Map<String, Object> stubStats = StubPages.read(config.wecomUrl() + "/_load/stats",
                new TypeReference<Map<String, Object>>() { });
        String prometheus = GatewayTimers.get(config.gatewayUrl() + "/actuator/prometheus");
        Map<String, Double> decisions = prometheus == null ? Map.of()
                : GatewayTimers.counterByLabel(prometheus, "assist_outreach_decisions_total", Map.of(), "decision");
        Map<String, Double> received = prometheus == null ? Map.of()
                : GatewayTimers.counterByLabel(prometheus, "assist_events_received_total", Map.of(), "outcome");
        String results = call("GET", "/api/strategies/" + STRATEGY + "/results", reviewer, null, null).body();
        List<EventsBurstReport.Batch> batchList = new ArrayList<>(BATCHES);
        EventsBurstReport.Run run = new EventsBurstReport.Run(events, customers, employees, concurrency, BATCH,
                burstEnd - burstStart, batchList, polls, groupSends, stubStats, decisions, received, Json.tree(results),
                setup, gauges.gcPauses());
        EventsBurstReport.write(config.reportDir(), machine, run, jvm, config.note());
        System.out.println("load report written to " + config.reportDir().toAbsolutePath());
    }

    // ---- setting up the bank, over HTTP ----------------------------------------------------------

    /** A full 客户联系 sync of the stub's synthetic customers, waited for. */
    private void syncContacts() {
        HttpResponse<String> started = call("POST", "/api/contacts/sync", admin, "{\"restart\":true}", "application/json");
        require(started.statusCode() == 202, "the contact sync did not start", started);
        long until = System.currentTimeMillis() + 900_000;
        JsonNode progress = null;
        while (System.currentTimeMillis() < until) {
            sleep(1000);
            progress = Json.tree(call("GET", "/api/contacts/sync", admin, null, null).body());
            if (!"RUNNING".equals(progress.path("status").asText())) {
                break;
            }
        }
        setup.put("sync", progress);
        System.out.println("contact sync: " + progress);
    }

    /** 管户 links for seven in ten customers (their own friend as 管户), through the CSV import. */
    private void importLinks() {
        StringBuilder csv = new StringBuilder("external_userid,customer_no,manager_userid,tier,as_of\n");
        String asOf = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS).toString();
        int linked = 0;
        for (long i = 0; i < customers; i++) {
            if (i % 10 < LINKED_IN_TEN) {
                csv.append(SyntheticContacts.customerId(i)).append(",C").append(100_000_000 + i).append(',')
                        .append(SyntheticContacts.employeeId((int) (i % employees))).append(",,").append(asOf).append('\n');
                linked++;
            }
        }
        HttpResponse<String> answer = call("POST", "/api/customer-links/import", admin, csv.toString(), "text/csv");
        require(answer.statusCode() == 200 && answer.body().contains("\"FINISHED\""), "the link import did not finish", answer);
        String finished = answer.body().lines().filter(l -> l.contains("\"FINISHED\"")).findFirst().orElse("{}");
        setup.put("links_sent", linked);
        setup.put("links_import", Json.tree(finished));
        System.out.println("links: " + finished);
    }

    /** The sample strategy without quiet hours, drafted by one OPERATIONS user and published by the other. */
    private void publishStrategy() {
        try {
            ObjectNode spec = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of(strategyFile), StandardCharsets.UTF_8));
            spec.remove("quietHours");
            HttpResponse<String> drafted = call("POST", "/api/strategies/" + STRATEGY + "/versions", author,
                    Json.MAPPER.writeValueAsString(spec), "application/json");
            require(drafted.statusCode() == 201, "the strategy was not drafted", drafted);
            long version = Json.tree(drafted.body()).path("draft").path("version").asLong();
            HttpResponse<String> published = call("POST", "/api/strategies/" + STRATEGY + "/publish", reviewer,
                    "{\"version\":" + version + "}", "application/json");
            require(published.statusCode() == 200, "the strategy was not published", published);
            setup.put("strategy_version", version);
            // in force on every instance within 5 s
            sleep(6000);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the strategy " + strategyFile, e);
        }
    }

    private long assigned() {
        HttpResponse<String> r = call("GET", "/api/strategies/" + STRATEGY + "/results", reviewer, null, null);
        long sum = 0;
        for (JsonNode arm : Json.tree(r.body()).path("arms")) {
            sum += arm.path("counts").path("ASSIGNED").asLong();
        }
        return sum;
    }

    private HttpResponse<String> call(String method, String path, String user, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.gatewayUrl() + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean ok, String what, HttpResponse<String> r) {
        if (!ok) {
            String body = r.body() == null ? "" : r.body();
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + body.substring(0, Math.min(500, body.length())));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
