package com.wecomassist.welcome;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends the 客户联系 welcome of an add_external_contact event within its code's 20 s, or records why
 * not. The way is short on purpose: a template from memory ({@link WelcomeCatalogue}), a verdict
 * mostly from memory ({@link CheckedTexts}), one send_welcome_msg. Nothing on it is serial per
 * employee or account, and no LLM is asked.
 *
 * <p>Time is counted from the event's CreateTime: past {@code code-lifetime - safety-margin} nothing
 * is started, and a call still going (or retrying: WeCom busy, no answer) is cut off there. A welcome
 * WeCom would refuse as late is not sent late; the reason goes to the audit trail and the
 * {@code assist.welcome.outcomes} metric, as does every other outcome.
 */
public final class WelcomeSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WelcomeSender.class);

    /** Why a welcome was (not) sent: the metric's outcome tag and the audit event's reason. */
    public enum Outcome {
        SENT("sent"),
        /** The code's time was over (or too nearly over) before we could start. */
        TOO_LATE("too-late"),
        /** The time ran out while WeCom was being asked (no answer, busy and retried). */
        DEADLINE_PASSED("deadline-passed"),
        /** The text failed the compliance check in force: a person must look at the template. */
        NOT_COMPLIANT("not-compliant"),
        /** WeCom: the code is invalid or expired (41050). */
        CODE_INVALID("code-invalid"),
        /** WeCom: the code was used already, by us or by another app (41051). */
        CODE_USED("code-used"),
        /** Any other WeCom error. */
        WECOM_ERROR("wecom-error"),
        /** The same code again (WeCom retried the callback): the first one is being or was handled. */
        DUPLICATE("duplicate"),
        /** {@code assist.welcome.max-in-flight} welcomes were already being sent. */
        OVERLOADED("overloaded"),
        /** Something of ours failed (a store): logged with its cause. */
        FAILED("failed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** What became of one welcome. */
    public record Result(Outcome outcome, WelcomeCatalogue.Template template, String detail, Duration elapsed) {
    }

    private final WecomApiClient wecom;
    private final WelcomeCatalogue catalogue;
    private final CheckedTexts checks;
    private final EmployeeRoles roles;
    private final OnceMarks marks;
    private final AuditTrail audit;
    private final WelcomeProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Timer latency;
    private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Disposable.Composite running = Disposables.composite();

    public WelcomeSender(WecomApiClient wecom, WelcomeCatalogue catalogue, CheckedTexts checks, EmployeeRoles roles,
                         OnceMarks marks, AuditTrail audit, WelcomeProperties settings, MeterRegistry meters,
                         Clock clock) {
        this.wecom = wecom;
        this.catalogue = catalogue;
        this.checks = checks;
        this.roles = roles;
        this.marks = marks;
        this.audit = audit;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        this.latency = Timer.builder("assist.welcome.latency")
                .description("from the add_external_contact event's CreateTime to WeCom's answer to a sent welcome")
                .publishPercentiles(0.5, 0.99, 0.999).register(meters);
        meters.gauge("assist.welcome.in-flight", inFlight);
    }

    /**
     * Starts the welcome and returns at once (the callback is answered without waiting for it). The
     * work is tracked: counted while it runs, every outcome and failure recorded, cancelled on shutdown.
     */
    public void accept(NewContact contact) {
        if (inFlight.incrementAndGet() > settings.maxInFlight()) {
            inFlight.decrementAndGet();
            // Refused at once rather than queued: a welcome queued past its 20 s is one nobody sees.
            counted(Outcome.OVERLOADED);
            record(contact, null, null, new Result(Outcome.OVERLOADED, null, "max-in-flight "
                    + settings.maxInFlight(), elapsed(contact))).subscribe(null, e -> log.warn(
                    "welcome refusal not recorded: {}", e.toString()));
            return;
        }
        Disposable[] self = new Disposable[1];
        self[0] = welcome(contact)
                // off the caller's thread (the callback's event loop): building the request is not the callback's work
                .subscribeOn(Schedulers.parallel())
                .doFinally(signal -> {
                    inFlight.decrementAndGet();
                    if (self[0] != null) {
                        running.remove(self[0]);
                    }
                })
                .subscribe(result -> { }, e -> log.error("welcome for {} failed unrecorded", contact.conversationId(), e));
        running.add(self[0]);
        if (self[0].isDisposed()) {
            running.remove(self[0]); // it ended before it was added: doFinally could not take it out
        }
    }

    /** The welcome of one event, to its end: sent, or not sent with the reason recorded. Never fails. */
    public Mono<Result> welcome(NewContact contact) {
        return Mono.defer(() -> {
            Instant deadline = deadline(contact);
            if (!clock.instant().isBefore(deadline)) {
                return finish(contact, null, null, new Result(Outcome.TOO_LATE, null, "arrived "
                        + elapsed(contact).toMillis() + " ms after CreateTime", elapsed(contact)));
            }
            String role = roles.of(contact.userId());
            WelcomeCatalogue.Template template = catalogue.forContact(contact.state(), role);
            return marks.mark("welcome:" + contact.welcomeCode(), settings.codeLifetime().multipliedBy(3))
                    .flatMap(first -> first ? checkedAndSent(contact, role, template, deadline)
                            : Mono.just(new Result(Outcome.DUPLICATE, template, "", elapsed(contact))))
                    .flatMap(result -> result.outcome() == Outcome.DUPLICATE
                            ? Mono.fromSupplier(() -> counted(result)) : finish(contact, role, template, result));
        }).onErrorResume(e -> {
            log.warn("welcome for {} not sent: {}", contact.conversationId(), e.toString());
            return finish(contact, null, null, new Result(Outcome.FAILED, null, e.toString(), elapsed(contact)));
        });
    }

    private Mono<Result> checkedAndSent(NewContact contact, String role, WelcomeCatalogue.Template template,
                                        Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            return Mono.just(new Result(Outcome.TOO_LATE, template, "no time left", elapsed(contact)));
        }
        return checks.check(template.text())
                .flatMap(verdict -> {
                    if (!verdict.maySendWithoutReview()) {
                        return Mono.just(new Result(Outcome.NOT_COMPLIANT, template, verdict.action() + " "
                                + rules(verdict), elapsed(contact)));
                    }
                    return wecom.sendWelcome(contact.welcomeCode(), verdict.text(), List.of())
                            .then(Mono.fromSupplier(() -> {
                                latency.record(elapsed(contact));
                                return new Result(Outcome.SENT, new WelcomeCatalogue.Template(template.key(),
                                        template.version(), verdict.text()), "", elapsed(contact));
                            }));
                })
                // one bound over the check, the call and its retries: the code's own deadline
                .timeout(left)
                .onErrorResume(TimeoutException.class, e -> Mono.just(new Result(Outcome.DEADLINE_PASSED, template,
                        "no answer from WeCom before the code's deadline (it may have arrived)", elapsed(contact))))
                .onErrorResume(WecomApiException.class, e -> Mono.just(new Result(switch (e.errcode()) {
                    case WecomApiException.WELCOME_CODE_INVALID -> Outcome.CODE_INVALID;
                    case WecomApiException.WELCOME_CODE_USED -> Outcome.CODE_USED;
                    default -> Outcome.WECOM_ERROR;
                }, template, "errcode " + e.errcode() + ": " + e.getMessage(), elapsed(contact))));
    }

    /** Counts the outcome and writes it to the trail; a trail that cannot be written is logged, never retried past the point. */
    private Mono<Result> finish(NewContact contact, String role, WelcomeCatalogue.Template template, Result result) {
        counted(result);
        if (result.outcome() != Outcome.SENT) {
            log.warn("welcome for {} not sent: {} {}", contact.conversationId(), result.outcome().tag(),
                    result.detail());
        }
        return record(contact, role, template, result)
                .onErrorResume(e -> {
                    meters.counter("assist.welcome.audit.failed").increment();
                    log.error("welcome outcome {} for {} not on the audit trail: {}", result.outcome().tag(),
                            contact.conversationId(), e.toString());
                    return Mono.empty();
                })
                .thenReturn(result);
    }

    private Mono<Void> record(NewContact contact, String role, WelcomeCatalogue.Template template, Result result) {
        WelcomeCatalogue.Template used = result.template() != null ? result.template() : template;
        boolean sent = result.outcome() == Outcome.SENT;
        return audit.record(AuditEvent.of(contact.conversationId(), contact.welcomeCode(), "bot", clock.instant(),
                new AuditDetails.WelcomeSent(sent, contact.userId(), contact.state(), role,
                        used == null ? null : used.key().id(), used == null ? 0 : used.version(),
                        used == null ? null : used.text(),
                        sent ? null : result.outcome().tag() + (result.detail().isEmpty() ? "" : ": " + result.detail()),
                        result.elapsed().toMillis())));
    }

    private Result counted(Result result) {
        counted(result.outcome());
        return result;
    }

    private void counted(Outcome outcome) {
        outcomes.computeIfAbsent(outcome, o -> Counter.builder("assist.welcome.outcomes").tag("channel", "contact")
                .tag("outcome", o.tag()).description("客户联系 welcomes by what became of them").register(meters))
                .increment();
    }

    private Instant deadline(NewContact contact) {
        return contact.createdAt().plus(settings.codeLifetime()).minus(settings.safetyMargin());
    }

    private Duration elapsed(NewContact contact) {
        Duration d = Duration.between(contact.createdAt(), clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String rules(Verdict verdict) {
        return verdict.hits().stream().map(Hit::ruleId).distinct().collect(Collectors.joining(","));
    }

    /** In-flight welcomes at the moment (the gauge's value). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        running.dispose();
    }
}
