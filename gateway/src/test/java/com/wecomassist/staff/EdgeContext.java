package com.wecomassist.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.testing.Staff;
import com.wecomassist.wecom.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The one context the tests of the gateway's door share (login limits, sessions, headers): small
 * limits, the client's address from a proxy's header, forwarded headers believed (as behind a proxy
 * that ends TLS), a clock that stands still until a test moves it, and the password encoder watched (how many hashes a
 * login cost) and held when a test needs checks in flight.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.console.max-failed-logins=3",
        "assist.console.max-failed-logins-per-client=6",
        "assist.console.lockout=2m",
        "assist.console.password-check-threads=1",
        "assist.console.password-check-queue=1",
        "assist.console.client-address-header=X-Client-Address",
        "assist.console.session-idle-timeout=30m",
        "server.forward-headers-strategy=framework"})
@AutoConfigureWebTestClient(timeout = "30s")
@Import(EdgeContext.MovableTime.class)
abstract class EdgeContext {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String CLIENT = "X-Client-Address";

    @Autowired
    WebTestClient web;
    @Autowired
    MutableClock clock;
    @MockitoSpyBean
    PasswordEncoder encoder;

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableTime {

        @Bean
        @Primary
        MutableClock movableClock() {
            return new MutableClock(Instant.now());
        }
    }

    /** A person (not a service account) made through the users API, with a password of their own. */
    String newPerson(String role) {
        String name = "p." + UUID.randomUUID().toString().substring(0, 8);
        web.post().uri("/api/users").headers(Staff.as("root")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", name, "password", Staff.PASSWORD, "roles", List.of(role)))
                .exchange().expectStatus().isCreated();
        return name;
    }

    /** What a browser holds after the login form: the session and the CSRF token (null session when refused). */
    record Login(int status, String location, String session, String csrf) {
    }

    /** The login form as a browser sends it, from the given client address. */
    Login formLogin(String username, String password, String client) {
        String csrf = web.get().uri("/login").exchange().expectStatus().isOk().returnResult(String.class)
                .getResponseCookies().getFirst("XSRF-TOKEN").getValue();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", username);
        form.add("password", password);
        form.add("_csrf", csrf);
        EntityExchangeResult<String> result = web.post().uri("/login").cookie("XSRF-TOKEN", csrf)
                .header(CLIENT, client).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange().expectBody(String.class).returnResult();
        ResponseCookie session = result.getResponseCookies().getFirst("SESSION");
        return new Login(result.getStatus().value(), result.getResponseHeaders().getLocation() == null ? null
                : result.getResponseHeaders().getLocation().toString(), session == null ? null : session.getValue(), csrf);
    }

    /** A person logged in with the form: their session. */
    Login loggedIn(String username) {
        Login login = formLogin(username, Staff.PASSWORD, "198.51.100.1");
        assertThat(login.location()).isEqualTo("/console/");
        assertThat(login.session()).isNotBlank();
        return login;
    }

    WebTestClient.ResponseSpec get(String uri, Login login) {
        return web.get().uri(uri).cookie("SESSION", login.session()).exchange();
    }
}
