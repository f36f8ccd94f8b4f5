package com.wecomassist.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.AssistApplication;
import com.wecomassist.staff.redis.RedisStaffDirectory;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.testing.Staff;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Cluster mode, on a real Redis: console sessions live in Spring Session's Redis store and the users
 * in the Redis directory, so ending a user's sessions (disabled, a new password, or any instance
 * moving their epoch) holds for a session made on any instance; and the instance's health includes
 * Redis (it was off: {@code management.health.redis.enabled} is false for the embedded mode).
 */
class SessionsInClusterModeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static EmbeddedKafkaKraftBroker kafka;
    static ConfigurableApplicationContext gateway;
    static WebTestClient web;
    static String prefix;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2);
        kafka.afterPropertiesSet();
        URI redis = RedisTestServer.uri();
        prefix = RedisTestServer.freshPrefix();
        gateway = new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class).run(
                "--server.port=0", "--assist.mode=cluster", "--assist.key-prefix=" + prefix,
                "--spring.data.redis.host=" + redis.getHost(), "--spring.data.redis.port=" + redis.getPort(),
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(), "--assist.kafka.partitions=2",
                "--assist.kafka.consumers=1", "--assist.kafka.replication-factor=1", "--assist.simulator.enabled=true",
                "--management.endpoint.health.show-components=always");
        int port = gateway.getEnvironment().getProperty("local.server.port", Integer.class);
        web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT).build();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void theHealthOfAClusterInstanceIncludesRedis() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.redis.status").isEqualTo("UP");
    }

    @Test
    void endingAUsersSessionsHoldsForSessionsKeptInRedis() {
        String person = person();
        String session = login(person);
        web.get().uri("/api/me").cookie("SESSION", session).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.username").isEqualTo(person);
        assertThat(RedisTestServer.template().keys(prefix + "console-sessions:sessions:*").collectList().block(WAIT))
                .isNotEmpty();

        web.post().uri("/api/users/{u}/disable", person).headers(Staff.as("root")).exchange().expectStatus().isOk();
        web.get().uri("/api/me").cookie("SESSION", session).exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/users/{u}/enable", person).headers(Staff.as("root")).exchange().expectStatus().isOk();

        // another instance ends them: it moves the epoch in the shared directory
        String again = login(person);
        web.get().uri("/api/me").cookie("SESSION", again).exchange().expectStatus().isOk();
        new RedisStaffDirectory(RedisTestServer.template(), prefix).endSessions(person).block(WAIT);
        web.get().uri("/api/me").cookie("SESSION", again).exchange().expectStatus().isUnauthorized();
    }

    private static String person() {
        String name = "p." + UUID.randomUUID().toString().substring(0, 8);
        web.post().uri("/api/users").headers(Staff.as("root")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", name, "password", Staff.PASSWORD, "roles", List.of("AGENT")))
                .exchange().expectStatus().isCreated();
        return name;
    }

    private static String login(String username) {
        String csrf = web.get().uri("/login").exchange().expectStatus().isOk().returnResult(String.class)
                .getResponseCookies().getFirst("XSRF-TOKEN").getValue();
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", username);
        form.add("password", Staff.PASSWORD);
        form.add("_csrf", csrf);
        return web.post().uri("/login").cookie("XSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange().expectStatus().isFound()
                .expectHeader().valueEquals("Location", "/console/")
                .returnResult(String.class).getResponseCookies().getFirst("SESSION").getValue();
    }
}
