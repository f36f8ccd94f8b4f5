package com.wecomassist.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mockingDetails;

import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * Logins against guessing and floods: a name locks for the client that guessed, not for everyone;
 * a client that guesses many names is throttled without a hash; unknown names cost a hash like known
 * ones; password checks beyond the threads and queue are refused at once; HTTP Basic is for service
 * accounts only. Limits here: 3 failures lock a name for a client, 6 throttle the client, one
 * check thread and one waiting (see {@link EdgeContext}).
 */
class LoginLimitsTest extends EdgeContext {

    @Autowired
    PasswordChecks checks;
    @LocalServerPort
    int port;

    private static String client() {
        return "203.0.113." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    private WebTestClient.ResponseSpec basic(String user, String password, String client) {
        return web.get().uri("/api/me").headers(h -> h.setBasicAuth(user, password)).header(CLIENT, client).exchange();
    }

    private long hashChecks() {
        return mockingDetails(encoder).getInvocations().stream()
                .filter(i -> i.getMethod().getName().equals("matches")).count();
    }

    /** Before: five failures anywhere locked the name everywhere, so anyone could keep admin out. */
    @Test
    void guessesLockANameOnlyForTheClientThatGuessed() {
        String attacker = client();
        for (int i = 0; i < 3; i++) {
            basic("root", "guess-" + i, attacker).expectStatus().isUnauthorized();
        }
        basic("root", Staff.PASSWORD, attacker).expectStatus().isUnauthorized();
        assertThat(formLogin("root", Staff.PASSWORD, attacker).location()).isEqualTo("/login?locked");
        // the administrator at their own desk is not locked out
        basic("root", Staff.PASSWORD, client()).expectStatus().isOk();
        assertThat(formLogin("root", Staff.PASSWORD, client()).location()).isEqualTo("/console/");
    }

    /** Before: random names never locked, and each cost a BCrypt hash for ever. */
    @Test
    void aClientGuessingManyNamesIsThrottledWithoutAHash() {
        String attacker = client();
        long before = hashChecks();
        for (int i = 0; i < 6; i++) {
            String name = "nobody-" + UUID.randomUUID().toString().substring(0, 6);
            assertThat(formLogin(name, "guess", attacker).location()).isEqualTo("/login?error");
        }
        // unknown names cost a check each, as a known one would
        assertThat(hashChecks() - before).isEqualTo(6);

        assertThat(formLogin("root", Staff.PASSWORD, attacker).location()).isEqualTo("/login?throttled");
        basic("gina", Staff.PASSWORD, attacker).expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "120")
                .expectBody().jsonPath("$.reason").isEqualTo("TOO_MANY_FAILED_LOGINS");
        assertThat(hashChecks() - before).as("no hash once throttled").isEqualTo(6);
        web.get().uri("/login?throttled").exchange().expectBody(String.class)
                .value(html -> assertThat(html).contains("登录失败次数过多"));
        // everyone else logs in as before
        basic("gina", Staff.PASSWORD, client()).expectStatus().isOk();
    }

    @Test
    void basicIsForServiceAccountsOnlyAndCostsNoHashForAnyoneElse() {
        String person = newPerson("AGENT");
        long before = hashChecks();
        basic(person, Staff.PASSWORD, client()).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("BASIC_NOT_ALLOWED");
        basic("nobody-" + UUID.randomUUID(), "guess", client()).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("BASIC_NOT_ALLOWED");
        assertThat(hashChecks()).isEqualTo(before);
        // the person logs in with the form; a service account with Basic
        assertThat(formLogin(person, Staff.PASSWORD, client()).location()).isEqualTo("/console/");
        basic("gina", Staff.PASSWORD, client()).expectStatus().isOk();
        // the users API says which is which
        web.get().uri("/api/users").headers(Staff.as("root")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.username == '" + person + "')].serviceAccount").isEqualTo(List.of(false))
                .jsonPath("$[?(@.username == 'gina')].serviceAccount").isEqualTo(List.of(true));
    }

    /** Before: every login took a hash on the shared bounded-elastic pool, however many came at once. */
    @Test
    void passwordChecksBeyondTheThreadsAndTheQueueAreRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
            release.await(30, TimeUnit.SECONDS);
            return call.callRealMethod();
        }).when(encoder).matches(eq("hold-the-thread"), any());
        try {
            // one check runs (held), one waits for the thread
            Mono<Integer> first = status("erin", "hold-the-thread");
            Mono<Integer> second = status("frank", "hold-the-thread");
            var held = Mono.zip(first, second).toFuture();
            await().atMost(WAIT).until(() -> checks.inFlight() == 2);

            long before = hashChecks();
            long started = System.nanoTime();
            basic("gina", Staff.PASSWORD, client()).expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                    .expectBody().jsonPath("$.reason").isEqualTo("BUSY");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(hashChecks()).isEqualTo(before);
            assertThat(formLogin("gina", Staff.PASSWORD, client()).location()).isEqualTo("/login?busy");

            release.countDown();
            assertThat(held.get(30, TimeUnit.SECONDS).toList()).containsExactly(401, 401);
        } finally {
            release.countDown();
        }
        org.mockito.Mockito.verify(encoder, atLeastOnce()).matches(eq("hold-the-thread"), any());
        basic("gina", Staff.PASSWORD, client()).expectStatus().isOk();
    }

    /** A Basic call that does not wait for its answer (WebTestClient's does). */
    private Mono<Integer> status(String user, String password) {
        return WebClient.create("http://127.0.0.1:" + port).get().uri("/api/me")
                .headers(h -> h.setBasicAuth(user, password)).header(CLIENT, client())
                .exchangeToMono(answer -> answer.releaseBody().thenReturn(answer.statusCode().value()));
    }
}
