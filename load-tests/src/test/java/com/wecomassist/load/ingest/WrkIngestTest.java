package com.wecomassist.load.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.load.LoadConfig;
import com.wecomassist.load.callback.CallbackSigner;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * wrk with the scenario's script against a server that checks every callback it gets: each is
 * signed for the shared body, and no nonce comes twice, also with two wrk threads.
 */
class WrkIngestTest {

    final CallbackSigner signer = new CallbackSigner(LoadConfig.DEFAULT_TOKEN, LoadConfig.DEFAULT_AES_KEY,
            LoadConfig.DEFAULT_CORP_ID);

    @Test
    void wrkSendsEveryCallbackOnceAndSigned(@TempDir Path dir) throws Exception {
        WrkIngest ingest = new WrkIngest(new WrkIngest.Settings(0, 1, 1, 8, 2, "", "", 0, 0), signer, dir);
        ingest.prepare();
        String encrypt = Files.readString(dir.resolve("wrk/encrypt.txt")).strip();
        Set<String> nonces = ConcurrentHashMap.newKeySet();
        AtomicInteger repeated = new AtomicInteger();
        AtomicInteger unsigned = new AtomicInteger();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/wecom/callback", (request, response) -> {
                    QueryStringDecoder q = new QueryStringDecoder(request.uri());
                    String timestamp = q.parameters().get("timestamp").get(0);
                    String nonce = q.parameters().get("nonce").get(0);
                    if (!nonces.add(nonce)) {
                        repeated.incrementAndGet();
                    }
                    boolean signed = signer.signature(timestamp, nonce, encrypt)
                            .equals(q.parameters().get("msg_signature").get(0));
                    if (!signed) {
                        unsigned.incrementAndGet();
                    }
                    return request.receive().aggregate().asString()
                            .flatMap(body -> response.status(signed && body.contains(encrypt)
                                    ? HttpResponseStatus.OK : HttpResponseStatus.UNAUTHORIZED).send().then());
                }))
                .bindNow(Duration.ofSeconds(10));
        try {
            Path queries = ingest.writeQueries(dir.resolve("queries.txt"), 200_000);

            WrkIngest.WrkRun run = ingest.wrk("bare", "http://127.0.0.1:" + server.port(), queries, 1, 8, 0,
                    ProcessHandle.current().pid());

            assertThat(run.requests()).isPositive();
            assertThat(run.errors()).isZero();
            assertThat(repeated).hasValue(0);
            assertThat(unsigned).hasValue(0);
            assertThat(nonces.size()).isGreaterThanOrEqualTo((int) run.requests());
            assertThat(run.cpuMicrosPerRequest()).isPositive();
            assertThat(run.p99Ms()).isGreaterThanOrEqualTo(run.p50Ms());
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void theWarmUpReachesEightyPercentInTheFirstWindowAtOrAboveIt() {
        List<WrkIngest.WrkRun> windows = List.of(run("gateway", 1.0, 1_000), run("gateway", 1.0, 5_000),
                run("gateway", 1.0, 8_100), run("gateway", 1.0, 9_000));

        assertThat(WrkIngest.secondsToReach(windows, 10_000, 0.8)).isEqualTo(3.0);
        assertThat(WrkIngest.secondsToReach(windows, 20_000, 0.8)).isEqualTo(-1);
    }

    @Test
    void mediansAreTakenPerTarget() {
        List<WrkIngest.WrkRun> rounds = List.of(run("bare", 10, 50_000), run("gateway", 10, 10_000),
                run("bare", 10, 40_000), run("gateway", 10, 12_000), run("bare", 10, 60_000));

        assertThat(WrkIngest.median(rounds, "bare")).isEqualTo(50_000);
        assertThat(WrkIngest.median(rounds, "gateway")).isEqualTo(11_000);
    }

    private static WrkIngest.WrkRun run(String target, double seconds, double rate) {
        return new WrkIngest.WrkRun(target, seconds, (long) (rate * seconds), 0, rate, 1, 2, 3, 4, 10);
    }
}
