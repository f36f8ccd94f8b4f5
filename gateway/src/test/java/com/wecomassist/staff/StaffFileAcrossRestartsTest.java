package com.wecomassist.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.AssistApplication;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.testing.Staff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The embedded gateway restarted on its staff file ({@code assist.console.staff-file}): what an
 * administrator did through the users API is still so, although the configuration says otherwise.
 * The users are the test configuration's (root is the ADMIN; carol and dave are configured agents).
 */
class StaffFileAcrossRestartsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NEW_PASSWORD = "set-by-the-administrator";

    private static ConfigurableApplicationContext start(Path staffFile) {
        return new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class)
                .run("--server.port=0", "--assist.console.staff-file=" + staffFile);
    }

    private static WebTestClient web(ConfigurableApplicationContext gateway) {
        return WebTestClient.bindToServer().responseTimeout(WAIT)
                .baseUrl("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port")).build();
    }

    @Test
    void aRestartKeepsDisabledUsersNewPasswordsAndUsersMadeThroughTheApi(@TempDir Path dir) {
        Path file = dir.resolve("data").resolve("staff.json");
        try (ConfigurableApplicationContext gateway = start(file)) {
            WebTestClient web = web(gateway);
            web.post().uri("/api/users/carol/disable").headers(Staff.as("root")).exchange().expectStatus().isOk();
            web.put().uri("/api/users/dave/password").headers(Staff.as("root")).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("password", NEW_PASSWORD)).exchange().expectStatus().isOk();
            web.post().uri("/api/users").headers(Staff.as("root")).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("username", "li.na", "password", NEW_PASSWORD, "roles", List.of("SUPERVISOR"),
                            "team", "north", "serviceAccount", true))
                    .exchange().expectStatus().isCreated();
        }

        try (ConfigurableApplicationContext gateway = start(file)) {
            WebTestClient web = web(gateway);
            web.get().uri("/api/users").headers(Staff.as("root")).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$[?(@.username == 'carol')].enabled").isEqualTo(false)
                    .jsonPath("$[?(@.username == 'erin')].enabled").isEqualTo(true)
                    .jsonPath("$[?(@.username == 'li.na')].team").isEqualTo("north")
                    .jsonPath("$[?(@.username == 'li.na')].roles[0]").isEqualTo("SUPERVISOR");
            // carol stays out; dave logs in with the password the administrator set, not the configured one
            web.get().uri("/api/me").headers(Staff.as("carol")).exchange().expectStatus().isUnauthorized();
            web.get().uri("/api/me").headers(Staff.as("dave")).exchange().expectStatus().isUnauthorized();
            web.get().uri("/api/me").headers(h -> h.setBasicAuth("dave", NEW_PASSWORD)).exchange()
                    .expectStatus().isOk();
            web.get().uri("/api/me").headers(h -> h.setBasicAuth("li.na", NEW_PASSWORD)).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.roles[0]").isEqualTo("SUPERVISOR");
        }
        assertThat(file).exists();
    }

    @Test
    void aDamagedStaffFileStopsTheStartWithTheFileNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("staff.json"), "{\"version\": 1, \"users\": [");
        assertThatThrownBy(() -> start(file).close())
                .hasStackTraceContaining("The staff file " + file.toAbsolutePath() + " (assist.console.staff-file) "
                        + "cannot be read");
        assertThat(Files.readString(file)).isEqualTo("{\"version\": 1, \"users\": [");
    }
}
