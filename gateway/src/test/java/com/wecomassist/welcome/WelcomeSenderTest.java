package com.wecomassist.welcome;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.comply.ComplianceInForce;
import com.wecomassist.conversation.memory.InMemoryOnceMarks;
import com.wecomassist.testing.WireMocks;
import com.wecomassist.wecom.MutableClock;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomProperties;
import com.wecomassist.wecom.memory.InMemoryAccessTokenStore;
import com.wecomassist.welcome.memory.InMemoryWelcomeTemplates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The 客户联系 welcome against a WireMock send_welcome_msg: the template chosen by State and role, the
 * code's deadline (counted from CreateTime) kept, the compliance check before sending, WeCom's refusals,
 * and every outcome on the trail and in the metric.
 */
class WelcomeSenderTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    private static final String SEND = "/cgi-bin/externalcontact/send_welcome_msg";

    WireMockServer wecom;
    final MutableClock clock = new MutableClock(T0);
    final InMemoryWelcomeTemplates templates = new InMemoryWelcomeTemplates();
    final WelcomeCatalogue catalogue = new WelcomeCatalogue(templates, WelcomeCatalogue.shippedDefaults());
    final InMemoryAuditTrail audit = new InMemoryAuditTrail(100, 10, Duration.ofHours(1), clock);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final WelcomeProperties settings = new WelcomeProperties(Duration.ofSeconds(20), Duration.ofSeconds(1), Map.of(),
            "account-manager", "direct", Duration.ofSeconds(5), 100);
    WelcomeSender sender;

    @BeforeEach
    void start() {
        wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wecom.start();
        WireMocks.warmUp(wecom);
        wecom.stubFor(get(urlPathEqualTo("/cgi-bin/gettoken"))
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"T\",\"expires_in\":7200}")));
        wecom.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        WecomApiClient api = new WecomApiClient(WebClient.builder(),
                new WecomAccount("wwcorp", "t", null, "s", null, wecom::baseUrl, false),
                new InMemoryAccessTokenStore(), wecomSettings(), new SimpleMeterRegistry(), clock);
        sender = new WelcomeSender(api, catalogue, new CheckedTexts(new ComplianceInForce(ComplianceChecker.bankDefault())),
                new EmployeeRoles(Map.of("am07", "account-manager"), Set.of("am01"), "account-manager", "direct"),
                new InMemoryOnceMarks(), audit, settings, meters, clock);
    }

    @AfterEach
    void stop() {
        sender.close();
        wecom.stop();
    }

    private static WecomProperties wecomSettings() {
        return new WecomProperties("wwcorp", "t", null, "s", null, URI.create("http://unused"), Duration.ofMinutes(5),
                DataSize.ofKilobytes(64), Duration.ofSeconds(10), 3, Duration.ofMillis(20), Duration.ofMinutes(5),
                Duration.ofHours(72), 2, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    private static NewContact added(String user, String state, String code, Instant createdAt) {
        return new NewContact("add_external_contact", user, "wm" + code, state, code, createdAt);
    }

    private void published(WelcomeKey key, String text) {
        long expected = templates.publications(key).count().block(WAIT);
        templates.publish(new Publication(key, expected + 1, text, "ed", "alice", T0), expected).block(WAIT);
        catalogue.refresh(true).block(WAIT);
    }

    private double outcomes(String outcome) {
        return meters.counter("assist.welcome.outcomes", "channel", "contact", "outcome", outcome).count();
    }

    private AuditEvent only(String conversation) {
        List<AuditEvent> events = audit.ofConversation(conversation, 10).collectList().block(WAIT);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void withNothingConfiguredTheShippedWelcomeGoesOutWithTheCode() {
        NewContact contact = added("zhang", "branch01", "WC-1", T0);
        clock.advance(Duration.ofSeconds(1));

        WelcomeSender.Result result = sender.welcome(contact).block(WAIT);

        assertThat(result.outcome()).isEqualTo(WelcomeSender.Outcome.SENT);
        String shipped = catalogue.forContact(null, "direct").text();
        wecom.verify(1, postRequestedFor(urlPathEqualTo(SEND))
                .withRequestBody(matchingJsonPath("$.welcome_code", com.github.tomakehurst.wiremock.client.WireMock.equalTo("WC-1")))
                .withRequestBody(matchingJsonPath("$.text.content", com.github.tomakehurst.wiremock.client.WireMock.equalTo(shipped))));
        AuditEvent sent = only(contact.conversationId());
        assertThat(sent.type()).isEqualTo(AuditEvent.Type.SENT);
        assertThat(sent.details()).containsEntry("template", "contact:*:*").containsEntry("version", 0L)
                .containsEntry("role", "direct").containsEntry("elapsedMs", 1000L);
        assertThat(outcomes("sent")).isEqualTo(1);
    }

    @Test
    void theTemplateOfTheStateAndTheEmployeesRoleIsChosenMostSpecificFirst() {
        published(WelcomeKey.contact("branch01", WelcomeKey.ANY), "您好，欢迎来到本行城东支行！");
        published(WelcomeKey.contact("branch01", "account-manager"), "您好，我是您在城东支行的客户经理。");
        published(WelcomeKey.contact(WelcomeKey.ANY, "account-manager"), "您好，我是您的客户经理。");

        assertThat(sender.welcome(added("am01", "branch01", "WC-a", T0)).block(WAIT).template().text())
                .as("an account manager (from assist.route.account-managers) at branch01")
                .isEqualTo("您好，我是您在城东支行的客户经理。");
        assertThat(sender.welcome(added("zhang", "branch01", "WC-b", T0)).block(WAIT).template().text())
                .as("直营 at branch01").isEqualTo("您好，欢迎来到本行城东支行！");
        assertThat(sender.welcome(added("am07", "poster9", "WC-c", T0)).block(WAIT).template().text())
                .as("an account manager by assist.welcome.employee-roles, elsewhere").isEqualTo("您好，我是您的客户经理。");
        assertThat(sender.welcome(added("zhang", null, "WC-d", T0)).block(WAIT).template().key())
                .isEqualTo(WelcomeKey.contact(WelcomeKey.ANY, WelcomeKey.ANY));
        wecom.verify(4, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @Test
    void aCodeWhoseTimeIsOverIsNotSentAndTheReasonIsRecorded() {
        NewContact contact = added("zhang", "branch01", "WC-late", T0);
        clock.advance(Duration.ofSeconds(19).plusMillis(500)); // inside 20 s, but within the 1 s margin

        WelcomeSender.Result result = sender.welcome(contact).block(WAIT);

        assertThat(result.outcome()).isEqualTo(WelcomeSender.Outcome.TOO_LATE);
        wecom.verify(0, postRequestedFor(urlPathEqualTo(SEND)));
        AuditEvent notSent = only(contact.conversationId());
        assertThat(notSent.type()).isEqualTo(AuditEvent.Type.NOT_SENT);
        assertThat((String) notSent.details().get("reason")).startsWith("too-late: arrived 19500 ms after CreateTime");
        assertThat(outcomes("too-late")).isEqualTo(1);
    }

    @Test
    void aWecomThatDoesNotAnswerIsGivenUpOnAtTheCodesDeadlineNotLater() {
        wecom.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson("{\"errcode\":0}").withFixedDelay(8000)));
        // 17 s of the 20 gone: the deadline (less the 1 s margin) is 2 s away on the test's real timer
        NewContact contact = added("zhang", "branch01", "WC-slow", T0.minusSeconds(17));

        long started = System.nanoTime();
        WelcomeSender.Result result = sender.welcome(contact).block(WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.outcome()).isEqualTo(WelcomeSender.Outcome.DEADLINE_PASSED);
        assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
        assertThat((String) only(contact.conversationId()).details().get("reason")).startsWith("deadline-passed");
        assertThat(outcomes("deadline-passed")).isEqualTo(1);
    }

    @Test
    void aCodeWecomSaysIsUsedIsNotRetried() {
        wecom.stubFor(post(urlPathEqualTo(SEND))
                .willReturn(okJson("{\"errcode\":41051,\"errmsg\":\"externaluser has started chatting\"}")));

        WelcomeSender.Result result = sender.welcome(added("zhang", "branch01", "WC-used", T0)).block(WAIT);

        assertThat(result.outcome()).isEqualTo(WelcomeSender.Outcome.CODE_USED);
        wecom.verify(1, postRequestedFor(urlPathEqualTo(SEND)));
        assertThat(result.detail()).contains("41051");
    }

    @Test
    void aTemplateThatFailsTheCheckInForceIsNotSent() {
        // published before a rule forbade it (the store is written directly: the desk would refuse it)
        published(WelcomeKey.contact("branch02", WelcomeKey.ANY), "本理财产品保本保收益，稳赚不赔！");
        NewContact contact = added("zhang", "branch02", "WC-bad", T0);

        WelcomeSender.Result result = sender.welcome(contact).block(WAIT);

        assertThat(result.outcome()).isEqualTo(WelcomeSender.Outcome.NOT_COMPLIANT);
        wecom.verify(0, postRequestedFor(urlPathEqualTo(SEND)));
        AuditEvent notSent = only(contact.conversationId());
        assertThat(notSent.type()).isEqualTo(AuditEvent.Type.NOT_SENT);
        assertThat((String) notSent.details().get("reason")).startsWith("not-compliant: ");
        assertThat(notSent.details()).containsEntry("template", "contact:branch02:*");
    }

    @Test
    void theSameCodeTwiceIsSentOnce() {
        NewContact contact = added("zhang", "branch01", "WC-twice", T0);
        sender.welcome(contact).block(WAIT);
        assertThat(sender.welcome(contact).block(WAIT).outcome()).isEqualTo(WelcomeSender.Outcome.DUPLICATE);
        wecom.verify(1, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @Test
    void acceptReturnsAtOnceAndTheWelcomeIsTrackedToItsEnd() throws InterruptedException {
        wecom.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson("{\"errcode\":0}").withFixedDelay(500)));
        long started = System.nanoTime();
        sender.accept(added("zhang", "branch01", "WC-async", T0));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));
        assertThat(sender.inFlight()).isEqualTo(1);

        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((outcomes("sent") < 1 || sender.inFlight() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(outcomes("sent")).isEqualTo(1);
        assertThat(sender.inFlight()).isZero();
    }
}
