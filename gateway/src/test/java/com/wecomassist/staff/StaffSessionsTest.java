package com.wecomassist.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * What ends a console session (see {@link StaffSessions}): an administrator disabling the person or
 * setting their password, other roles, and the person doing nothing for the idle timeout, which a
 * page's background refresh does not put off. A live stream opened with the session ends with it.
 */
class StaffSessionsTest extends EdgeContext {

    @Autowired
    StaffDirectory directory;

    /** Before: a disabled user's session lasted until it expired, kept alive by the dashboard's polling. */
    @Test
    void disablingAPersonEndsTheirSessionAtOnce() {
        String person = newPerson("AGENT");
        Login login = loggedIn(person);
        get("/api/me", login).expectStatus().isOk();

        web.post().uri("/api/users/{u}/disable", person).headers(Staff.as("root")).exchange().expectStatus().isOk();
        get("/api/me", login).expectStatus().isUnauthorized();
        // enabled again, the old session stays over: they log in again
        web.post().uri("/api/users/{u}/enable", person).headers(Staff.as("root")).exchange().expectStatus().isOk();
        get("/api/me", login).expectStatus().isUnauthorized();
        get("/api/me", loggedIn(person)).expectStatus().isOk();
    }

    @Test
    void aNewPasswordEndsEverySessionOfThePerson() {
        String person = newPerson("AGENT");
        Login one = loggedIn(person);
        Login two = loggedIn(person);
        web.put().uri("/api/users/{u}/password", person).headers(Staff.as("root"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("password", "a-brand-new-password"))
                .exchange().expectStatus().isOk();
        get("/api/me", one).expectStatus().isUnauthorized();
        get("/api/me", two).expectStatus().isUnauthorized();
        assertThat(formLogin(person, "a-brand-new-password", "198.51.100.2").location()).isEqualTo("/console/");
    }

    @Test
    void otherRolesEndTheSession() {
        String person = newPerson("AGENT");
        Login login = loggedIn(person);
        directory.save(directory.find(person).block(WAIT).withRoles(Set.of(Role.CONTENT_EDITOR))).block(WAIT);
        get("/api/me", login).expectStatus().isUnauthorized();
    }

    /** Before: any request, the dashboard's refresh every 30 s included, kept the session alive. */
    @Test
    void backgroundRefreshesDoNotKeepAnIdleSessionAlive() {
        String person = newPerson("AGENT");
        Login idle = loggedIn(person);
        Login working = loggedIn(person);
        clock.advance(Duration.ofMinutes(20));
        web.get().uri("/api/dashboard").cookie("SESSION", idle.session()).header(StaffSessions.BACKGROUND, "1")
                .exchange().expectStatus().isOk();
        get("/api/dashboard", working).expectStatus().isOk();
        clock.advance(Duration.ofMinutes(11));
        // 31 minutes since the idle one's last own request; 11 since the working one's
        web.get().uri("/api/dashboard").cookie("SESSION", idle.session()).header(StaffSessions.BACKGROUND, "1")
                .exchange().expectStatus().isUnauthorized();
        get("/api/dashboard", working).expectStatus().isOk();
    }

    /** Before: a stream opened while the person could log in went on after they were disabled. */
    @Test
    void aLiveStreamEndsWhenThePersonIsDisabled() {
        String person = newPerson("AGENT");
        Login login = loggedIn(person);
        Flux<String> events = web.get().uri("/api/approvals/stream").cookie("SESSION", login.session())
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        web.post().uri("/api/users/{u}/disable", person).headers(Staff.as("root")).exchange().expectStatus().isOk();
        StepVerifier.create(events).thenConsumeWhile(event -> true).expectComplete()
                .verify(LiveStreams.CHECK_EVERY.multipliedBy(5));
    }

    @Test
    void aLiveStreamEndsWhenThePersonGoesIdle() {
        String person = newPerson("AGENT");
        Login login = loggedIn(person);
        Flux<String> events = web.get().uri("/api/conversations/waiting/stream").cookie("SESSION", login.session())
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        clock.advance(Duration.ofMinutes(31));
        StepVerifier.create(events).thenConsumeWhile(event -> true).expectComplete()
                .verify(LiveStreams.CHECK_EVERY.multipliedBy(5));
        get("/api/me", login).expectStatus().isUnauthorized();
    }
}
