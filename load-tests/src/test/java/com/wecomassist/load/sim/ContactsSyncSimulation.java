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
import com.wecomassist.load.LoadConfig;
import com.wecomassist.load.cluster.RedisCommandStats;
import com.wecomassist.load.report.ContactsReport;
import com.wecomassist.load.report.GatewayGauges;
import com.wecomassist.load.report.GatewayTimers;
import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.SyntheticContacts;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 19, the full 客户联系 directory sync: the WeCom stub serves {@code load.contacts-customers}
 * synthetic customers of {@code load.contacts-employees} employees; an administrator starts the sync
 * ({@code POST /api/contacts/sync}) and reads its progress every second until it is over. Meanwhile the
 * gateway's heap, threads and CPU are sampled; at the end a full GC is asked of the gateway
 * ({@code jcmd GC.run}, when {@code LOAD_GATEWAY_PID} names it) and the directory is checked against
 * what the stub served: every employee's count, and some customers one by one. Run by
 * {@code ./assist load contacts-sync}, never by {@code verify}.
 */
public class ContactsSyncSimulation extends Simulation {

    private static final AtomicBoolean OVER = new AtomicBoolean();
    private static final List<ContactsReport.SyncPoll> POLLS = Collections.synchronizedList(new ArrayList<>());
    /** Customers read back one by one after the sync. */
    private static final int SPOT_CHECKS = 50;

    private final LoadConfig config = LoadConfig.fromEnvironment();
    private final long customers = Long.parseLong(LoadConfig.setting("contacts-customers", "1000000"));
    private final int employees = Integer.parseInt(LoadConfig.setting("contacts-employees", "1000"));
    private final double requestsPerSecond = Double.parseDouble(LoadConfig.setting("contacts-rps", "160"));
    private final double wecomLatencyMs = Double.parseDouble(LoadConfig.setting("contacts-latency-ms", "0"));
    private final int maxSeconds = Integer.parseInt(LoadConfig.setting("contacts-max-seconds", "1800"));
    private final String mode = LoadConfig.setting("mode", "embedded");
    private final String user = LoadConfig.setting("gateway-user", "loadtest");
    private final String password = LoadConfig.setting("gateway-password", "");
    private final GatewayGauges gauges = new GatewayGauges(config.gatewayUrl());
    private final ContactsReport.CpuSampler cpu = new ContactsReport.CpuSampler(config.gatewayUrl());
    /** Cluster mode: the Redis the directory is in (empty in embedded mode). */
    private final String redisUrl = LoadConfig.setting("redis-url", "");
    private long redisBefore = -1;
    /** The gateway's heap after a full GC before the sync: what the directory adds is measured from it. */
    private double heapBeforeMiB = Double.NaN;
    private long start;

    private final ScenarioBuilder administrator = scenario("administrator")
            .exec(http("start sync").post(config.gatewayUrl() + "/api/contacts/sync").basicAuth(user, password)
                    .header("Content-Type", "application/json").body(StringBody("{\"restart\":true}"))
                    .check(status().is(202)))
            .exitHereIfFailed()
            .exec(asLongAs(session -> !OVER.get()).on(
                    exec(http("progress").get(config.gatewayUrl() + "/api/contacts/sync").basicAuth(user, password)
                            .check(status().is(200), bodyString().saveAs("progress")))
                    .exec(this::recordPoll)
                    .pause(Duration.ofSeconds(1))));

    private Session recordPoll(Session session) {
        JsonNode p = Json.tree(session.contains("progress") ? session.getString("progress") : "");
        String status = p.path("status").asText("");
        POLLS.add(new ContactsReport.SyncPoll((System.currentTimeMillis() - start) / 1000.0, p.path("customers").asLong(),
                p.path("pages").asLong(), status));
        if (!status.equals("RUNNING") || System.currentTimeMillis() - start > maxSeconds * 1000L) {
            OVER.set(true);
        }
        return session;
    }

    {
        setUp(administrator.injectOpen(atOnceUsers(1))).maxDuration(Duration.ofSeconds(maxSeconds + 30L));
    }

    @Override
    public void before() {
        heapBeforeMiB = fullGc() ? heap(config.gatewayUrl(), "jvm.memory.used") : Double.NaN;
        start = System.currentTimeMillis();
        gauges.start(maxSeconds + 60);
        cpu.start(maxSeconds + 60);
        if (!redisUrl.isBlank()) {
            redisBefore = RedisCommandStats.usedMemory(redisUrl);
        }
    }

    @Override
    public void after() {
        List<GatewayGauges.Sample> jvm = gauges.stop();
        List<ContactsReport.CpuSample> cpuSamples = cpu.stop();
        String url = config.gatewayUrl();
        JsonNode progress = Json.tree(GatewayTimers.get(url + "/api/contacts/sync"));
        double heapMax = heap(url, "jvm.memory.max");
        double afterGc = fullGc() ? heap(url, "jvm.memory.used") : Double.NaN;
        SyntheticContacts served = new SyntheticContacts(customers, employees);
        long counted = 0;
        int wrongEmployees = 0;
        for (int e = 0; e < employees; e++) {
            JsonNode page = Json.tree(GatewayTimers.get(url + "/api/contacts/employees/" + SyntheticContacts.employeeId(e)
                    + "/customers?limit=1"));
            long n = 0;
            for (JsonNode c : page.path("counts")) {
                n += c.asLong();
            }
            counted += n;
            if (n != served.customersOf(e)) {
                wrongEmployees++;
            }
        }
        int wrongCustomers = 0;
        int checked = 0;
        for (int k = 0; k < SPOT_CHECKS && customers > 0; k++) {
            long i = Math.min(customers - 1, k * (customers / SPOT_CHECKS) + k);
            JsonNode c = Json.tree(GatewayTimers.get(url + "/api/contacts/customers/" + SyntheticContacts.customerId(i)));
            checked++;
            boolean right = ("客户" + i).equals(c.path("name").asText())
                    && SyntheticContacts.employeeId((int) (i % employees))
                    .equals(c.path("relationships").path(0).path("employee").asText());
            if (!right) {
                wrongCustomers++;
            }
        }
        Map<String, Object> stats = StubPages.read(config.wecomUrl() + "/_load/stats", new TypeReference<Map<String, Object>>() { });
        // the directory's size in Redis: the server's used memory grown over the run (its database was flushed before)
        double redisMiB = redisUrl.isBlank() ? Double.NaN
                : (RedisCommandStats.usedMemory(redisUrl) - redisBefore) / (1024.0 * 1024.0);
        ContactsReport.SyncRun run = new ContactsReport.SyncRun(customers, employees, requestsPerSecond, progress,
                List.copyOf(POLLS), afterGc, heapMax, counted, employees, wrongEmployees, checked, wrongCustomers,
                stats, gauges.gcPauses(), mode, redisMiB, heapBeforeMiB, wecomLatencyMs);
        ContactsReport.writeSync(config.reportDir(), run, jvm, cpuSamples, config.note());
        System.out.println("load report written to " + config.reportDir().toAbsolutePath());
    }

    /** Asks the gateway's JVM for a full GC ({@code jcmd <pid> GC.run}); false when it cannot be named or reached. */
    private static boolean fullGc() {
        String pid = LoadConfig.setting("gateway-pid", "");
        if (pid.isBlank()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("jcmd", pid.strip(), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            Thread.sleep(2000); // the next metrics read sees the heap after it
            return done;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double heap(String url, String metric) {
        String page = GatewayTimers.get(url + "/actuator/metrics/" + metric + "?tag=area:heap");
        return page == null ? Double.NaN
                : Json.tree(page).path("measurements").path(0).path("value").asDouble(Double.NaN) / (1024 * 1024);
    }
}
