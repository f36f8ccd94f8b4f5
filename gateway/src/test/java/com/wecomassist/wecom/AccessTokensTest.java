package com.wecomassist.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.wecom.memory.InMemoryAccessTokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AccessTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final AtomicInteger issued = new AtomicInteger();
    private final AccessTokens tokens = new AccessTokens("wwcorp:1000002", new InMemoryAccessTokenStore(),
            Mono.fromSupplier(() -> new AccessToken("T" + issued.incrementAndGet(), clock.instant().plusSeconds(7200))),
            Duration.ofMinutes(5), clock);

    @Test
    void aTokenRejectedWhileItsRefreshIsStillFinishingIsReplacedNotHandedOutAgain() {
        // everything synchronous: the caller is handed T1, WeCom rejects it and the caller asks again before
        // the refresh that issued T1 has run its own completion; that refresh must not answer a second time
        String again = tokens.current()
                .flatMap(first -> tokens.rejected(first).then(tokens.current()))
                .block(Duration.ofSeconds(5));

        assertThat(again).isEqualTo("T2");
        assertThat(issued.get()).isEqualTo(2);
    }

    @Test
    void aKeptTokenIsUsedWithoutIssuingAnother() {
        assertThat(tokens.current().block(Duration.ofSeconds(5))).isEqualTo("T1");
        assertThat(tokens.current().block(Duration.ofSeconds(5))).isEqualTo("T1");
        assertThat(issued.get()).isEqualTo(1);
    }
}
