package com.wecomassist.load.sim;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.wecomassist.load.LoadConfig;
import com.wecomassist.load.callback.CallbackSigner;
import com.wecomassist.load.report.GatewayTimers;
import com.wecomassist.load.report.IngestReport;
import com.wecomassist.load.report.Recorder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1, callback ingest: signed, encrypted {@code kf_msg_or_event} callbacks at stepped rates,
 * first against the bare WebFlux endpoint (the ceiling), then, in the same run, against the gateway.
 * Every callback is fresh (own Token and nonce, timestamp now), as WeCom sends them. The report goes
 * to {@code load.report-dir}. Run by {@code ./assist load ingest}, never by {@code verify}.
 */
public class CallbackIngestSimulation extends Simulation {

    private static final Recorder RECORDER = new Recorder();
    private static final AtomicLong SEQ = new AtomicLong();

    private final LoadConfig config = LoadConfig.fromEnvironment();
    private final CallbackSigner signer = new CallbackSigner(config.token(), config.encodingAesKey(), config.corpId());
    private final IngestReport.Plan plan = new IngestReport.Plan(config.ingestWarmupSeconds(), config.ingestStart(), config.ingestStep(),
            config.ingestLevels(), config.ingestLevelSeconds(), config.ingestP99LimitMs());

    private ScenarioBuilder callbacks(String series) {
        return scenario(series)
                .exec(session -> {
                    CallbackSigner.SignedCallback cb = signer.kfEvent(config.openKfId((int) SEQ.incrementAndGet()));
                    return session.set("query", cb.query()).set("body", cb.body());
                })
                .exec(http(series).post("/wecom/callback?#{query}")
                        .header("Content-Type", "text/xml")
                        .body(StringBody("#{body}"))
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt")))
                .exec(session -> record(series, session));
    }

    private static Session record(String series, Session session) {
        boolean answered = session.contains("rt");
        long rt = answered ? session.getInt("rt") : -1;
        boolean ok = session.contains("status") && session.getInt("status") == 200;
        long now = System.currentTimeMillis();
        RECORDER.record(series, answered ? now - rt : now, rt < 0 ? -1 : rt * 1000, ok);
        return session;
    }

    private OpenInjectionStep[] steps() {
        // Warm-up at the first rate (JIT, connection pools), then the levels.
        return new OpenInjectionStep[] {constantUsersPerSec(plan.startPerSecond()).during(Duration.ofSeconds(plan.warmupSeconds())),
                incrementUsersPerSec(plan.stepPerSecond()).times(plan.levels())
                .eachLevelLasting(Duration.ofSeconds(plan.levelSeconds()))
                .startingFrom(plan.startPerSecond())};
    }

    private HttpProtocolBuilder protocol(String baseUrl) {
        // Connections are pooled across virtual users, as a load balancer in front of the gateway would.
        return http.baseUrl(baseUrl).shareConnections().disableCaching().disableWarmUp();
    }

    {
        long armSeconds = (long) plan.levels() * plan.levelSeconds() + plan.warmupSeconds();
        setUp(callbacks("bare").injectOpen(steps()).protocols(protocol(config.bareUrl()))
                .andThen(callbacks("gateway").injectOpen(steps()).protocols(protocol(config.gatewayUrl()))))
                .maxDuration(Duration.ofSeconds(2 * armSeconds + 120));
    }

    @Override
    public void after() {
        IngestReport.write(config.reportDir(), RECORDER, plan, List.of("bare", "gateway"), config.note(),
                GatewayTimers.fetch(config.gatewayUrl()));
        System.out.println("load report written to " + config.reportDir().toAbsolutePath());
    }
}
