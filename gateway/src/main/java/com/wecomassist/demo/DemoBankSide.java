package com.wecomassist.demo;

import com.wecomassist.contacts.ContactSync;
import com.wecomassist.contacts.SyncProgress;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.error.Refused;
import com.wecomassist.kpi.KpiProgress;
import com.wecomassist.kpi.KpiRuns;
import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.roster.RosterEntry;
import com.wecomassist.simulator.contacts.ContactsSimulator;
import com.wecomassist.strategy.StrategyDesk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The simulated bank's own side, for a demo (only beside the built-in simulator, with
 * {@code assist.simulator.demo-bank-side}): what a real bank supplies from HR and CRM and what an
 * administrator starts by hand, done once at start where nothing is there yet —
 * <ol>
 *   <li>a roster placing the simulated employees in teams and branches;</li>
 *   <li>the first full sync of the contact directory;</li>
 *   <li>管户 links: each account manager is 管户 of three in four of their customers, and of two customers
 *       who are not their WeCom friends yet (so coverage is not 100 %);</li>
 *   <li>the KPIs of the last 30 days;</li>
 *   <li>the project's sample strategies, drafted and published by two demo operations users, so a bank
 *       event posted to {@code /api/events} becomes a task in a 管户's simulated 群发助手.</li>
 * </ol>
 * Every step leaves alone what exists (a roster, a finished sync, a link), so a restart or a second
 * instance changes nothing.
 */
public class DemoBankSide {

    private static final Logger log = LoggerFactory.getLogger(DemoBankSide.class);
    /** The simulator's role of a 管户 employee (its demo enterprise's words). */
    static final String ACCOUNT_MANAGER = "管户客户经理";
    static final Duration SYNC_WAIT = Duration.ofMinutes(2);
    static final int KPI_DAYS = 30;

    /** Where the simulated employees sit; anyone else is left 未分配. */
    static final Map<String, RosterEntry> ROSTER = Map.of(
            "zhangwei", new RosterEntry("zhangwei", "张伟", "财富一组", "浦东支行", "account-manager"),
            "liuyang", new RosterEntry("liuyang", "刘洋", "财富一组", "浦东支行", "account-manager"),
            "zhoujie", new RosterEntry("zhoujie", "周杰", "财富一组", "浦东支行", "account-manager"),
            "chenjing", new RosterEntry("chenjing", "陈静", "财富二组", "静安支行", "account-manager"),
            "zhaolei", new RosterEntry("zhaolei", "赵磊", "直营中心", "总行", "direct"),
            "wangfang", new RosterEntry("wangfang", "王芳", "直营中心", "总行", "direct"));

    private final ContactsSimulator simulator;
    private final EmployeeRoster roster;
    private final ContactSync sync;
    private final CustomerLinks links;
    private final KpiRuns kpis;
    private final StrategyDesk strategies;
    private final Clock clock;

    public DemoBankSide(ContactsSimulator simulator, EmployeeRoster roster, ContactSync sync, CustomerLinks links,
                        KpiRuns kpis, StrategyDesk strategies, Clock clock) {
        this.simulator = simulator;
        this.roster = roster;
        this.sync = sync;
        this.links = links;
        this.kpis = kpis;
        this.strategies = strategies;
        this.clock = clock;
    }

    /** Gives the bank its side; completes when the KPI run has started (or was not needed). */
    public Mono<Void> seed() {
        return rosterIfEmpty()
                .then(syncedOnce())
                .then(Mono.fromCallable(this::managedCustomers).flatMap(this::linkIfUnlinked))
                .then(kpisIfNone())
                .then(strategiesIfNone())
                .doOnSuccess(done -> log.info("demo bank side ready: roster, 管户 links, directory, KPIs and sample strategies"));
    }

    private Mono<Void> rosterIfEmpty() {
        return roster.all().hasElements()
                .flatMap(has -> has ? Mono.empty() : roster.replaceAll(List.copyOf(ROSTER.values())).then());
    }

    private Mono<Void> syncedOnce() {
        return sync.progress()
                .filter(p -> p.status() == SyncProgress.Status.FINISHED)
                .switchIfEmpty(Mono.defer(() -> sync.start(null, false).onErrorResume(Refused.class, running -> Mono.empty())
                        .then(Flux.interval(Duration.ofMillis(500))
                                .concatMap(tick -> sync.progress())
                                .filter(p -> p.status() != SyncProgress.Status.RUNNING)
                                .next()
                                .timeout(SYNC_WAIT))))
                .then();
    }

    /** The account managers' customers the demo bank calls theirs. */
    @SuppressWarnings("unchecked")
    private List<Map.Entry<String, String>> managedCustomers() {
        List<Map.Entry<String, String>> managed = new ArrayList<>();
        for (Map<String, Object> employee : simulator.employees()) {
            String userid = (String) employee.get("userid");
            if (!ACCOUNT_MANAGER.equals(employee.get("role")) || Boolean.TRUE.equals(employee.get("resigned"))) {
                continue;
            }
            List<Map<String, Object>> customers = simulator.customers(userid);
            for (int i = 0; i < customers.size(); i++) {
                if (i % 4 != 3) {
                    managed.add(Map.entry((String) customers.get(i).get("externalUserId"), userid));
                }
            }
            managed.add(Map.entry("wmDemoNotYetAdded" + userid + "1", userid));
            managed.add(Map.entry("wmDemoNotYetAdded" + userid + "2", userid));
        }
        return managed;
    }

    private Mono<Void> linkIfUnlinked(List<Map.Entry<String, String>> managed) {
        Instant now = clock.instant();
        return Flux.fromIterable(managed)
                .concatMap(m -> links.link(m.getKey()).hasElement().flatMap(linked -> linked ? Mono.empty()
                        : links.upsert(new CustomerLink(m.getKey(), "DEMO-" + Math.abs(m.getKey().hashCode() % 1_000_000),
                                m.getValue(), "20-50万", CustomerLink.Source.API, now, now))))
                .then();
    }

    /** The shipped samples, drafted by one demo operations user and published by another (four eyes). */
    private Mono<Void> strategiesIfNone() {
        return strategies.list().flatMap(listed -> !listed.isEmpty() ? Mono.<Void>empty()
                : Mono.fromCallable(StrategyDesk::samples).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                        .flatMapMany(Flux::fromIterable)
                        .concatMap(sample -> {
                            String id = StrategyDesk.parse(sample.spec()).id();
                            return strategies.draft(id, sample.spec(), "demo-operations")
                                    .flatMap(d -> strategies.publish(id, d.draft().version(), "demo-reviewer"));
                        })
                        .then());
    }

    private Mono<Void> kpisIfNone() {
        LocalDate yesterday = kpis.today().minusDays(1);
        return kpis.progress()
                .filter(p -> p.status() == KpiProgress.Status.FINISHED)
                .switchIfEmpty(Mono.defer(() -> kpis.start(yesterday.minusDays(KPI_DAYS - 1), yesterday, "demo")
                        .onErrorResume(Refused.class, running -> Mono.empty())))
                .then();
    }
}
