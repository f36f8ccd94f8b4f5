package com.wecomassist.outreach.simulate;

import com.wecomassist.abtest.AbTest;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.memory.InMemoryCustomerLinks;
import com.wecomassist.engagement.memory.InMemoryEngagements;
import com.wecomassist.optout.memory.InMemoryOptOuts;
import com.wecomassist.kpi.TaskTally;
import com.wecomassist.outreach.CustomerFactsReader;
import com.wecomassist.outreach.HeldRelease;
import com.wecomassist.outreach.KfOutreach;
import com.wecomassist.outreach.KfWindows;
import com.wecomassist.outreach.OutreachEngine;
import com.wecomassist.outreach.QuietHourHolds;
import com.wecomassist.outreach.memory.InMemoryQuietHourHolds;
import com.wecomassist.outreach.OutreachPlanner;
import com.wecomassist.outreach.OutreachResults;
import com.wecomassist.outreach.Personaliser;
import com.wecomassist.outreach.TaskFollowUp;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.roster.RosterEntry;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyCatalogue;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.strategy.StrategyPublication;
import com.wecomassist.strategy.memory.InMemoryStrategyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./assist outreach simulate}: the real engine ({@link OutreachEngine}, planner, ledger, follow-up,
 * results, the bank's compliance rule pack) run on a simulated bank in accelerated time. A population of
 * customers — with a 管户 or not, friends of their managers since some day in the last three months —
 * produces bank events at a daily rate each, in business hours; employees confirm a share of the tasks
 * after 1–24 hours ({@link SimulatedWecom}); customers convert with the probability the truth file
 * plants for their arm (the message's when it reached them, the control arm's otherwise), at some time
 * within the strategy's window, as a purchase event the engine sees like any other. The engine never reads
 * the truth. {@code DIR/summary.json} holds each strategy's arms as the engine measured them, its winner,
 * and beside them the truths and the rate the engine should measure ({@code expectedRate}: conversion per
 * customer assigned, so an arm's truth weighs only for the share its message reached — a customer nobody
 * can reach, or whose task was not confirmed, converts as the control group does), with the run's
 * throughput.
 */
public final class OutreachSimulation {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant START = LocalDate.parse("2026-01-05").atStartOfDay(ZONE).toInstant();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The run's settings ({@code --population}, {@code --days}, …). */
    record Settings(List<String> strategies, int population, int days, long seed, Map<String, Map<String, Double>> truth,
                    double confirmShare, double eventsPerDay, Path out) {
    }

    private record Timed(Instant at, long order, Runnable action) {
    }

    public static void main(String[] args) throws IOException {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("assist outreach simulate: " + e.getMessage());
            System.err.println("usage: ./assist outreach simulate [--strategies FILE] [--population N] [--days D] [--seed S]"
                    + " [--truth FILE] [--confirm-share P] [--events-per-day R] [--out DIR]");
            System.exit(2);
            return;
        }
        Map<String, Object> summary = run(settings);
        Files.createDirectories(settings.out());
        Path file = settings.out().resolve("summary.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary), StandardCharsets.UTF_8);
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary.get("strategies")));
        System.out.println("written: " + file.toAbsolutePath());
    }

    static Settings parse(String[] args) throws IOException {
        List<String> strategies = null;
        int population = 20_000;
        int days = 30;
        long seed = 1;
        Map<String, Map<String, Double>> truth = Map.of();
        double confirmShare = 0.9;
        double eventsPerDay = 0.02;
        Path out = Path.of("target", "outreach-sim");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--strategies" -> strategies = strategies(Files.readString(Path.of(value), StandardCharsets.UTF_8));
                case "--population" -> population = positive(args[i], Integer.parseInt(value));
                case "--days" -> days = positive(args[i], Integer.parseInt(value));
                case "--seed" -> seed = Long.parseLong(value);
                case "--truth" -> truth = JSON.readValue(Files.readString(Path.of(value), StandardCharsets.UTF_8),
                        new tools.jackson.core.type.TypeReference<Map<String, Map<String, Double>>>() { });
                case "--confirm-share" -> confirmShare = share(args[i], Double.parseDouble(value));
                case "--events-per-day" -> eventsPerDay = share(args[i], Double.parseDouble(value));
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (strategies == null) {
            strategies = StrategyDesk.samples().stream().map(StrategyDesk.Sample::spec).toList();
        }
        return new Settings(strategies, population, days, seed, truth, confirmShare, eventsPerDay, out);
    }

    /** A JSON array of strategies, or one. */
    static List<String> strategies(String json) {
        JsonNode node = JSON.readTree(json);
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(s -> out.add(JSON.writeValueAsString(s)));
        } else {
            out.add(JSON.writeValueAsString(node));
        }
        return out;
    }


    /** Runs the simulation; answers the summary. */
    static Map<String, Object> run(Settings settings) {
        Random random = new Random(settings.seed());
        StepClock clock = new StepClock(START.minus(Duration.ofDays(100)));
        InMemoryStrategyStore store = new InMemoryStrategyStore();
        List<Strategy> strategies = new ArrayList<>();
        for (String spec : settings.strategies()) {
            Strategy s = StrategyDesk.parse(spec);
            strategies.add(s);
            store.publish(new StrategyPublication(s.id(), 1, spec, "simulation", "simulation", true, START), 0).block();
        }
        StrategyCatalogue catalogue = new StrategyCatalogue(store);
        catalogue.refresh(true).block();
        InMemoryOutreachLedger ledger = new InMemoryOutreachLedger(ZONE);
        InMemoryContactDirectory directory = new InMemoryContactDirectory(10);
        InMemoryCustomerLinks links = new InMemoryCustomerLinks(clock);
        Map<String, RosterEntry> roster = new HashMap<>();
        List<String> customers = population(settings.population(), random, directory, links, roster);
        ComplianceChecker bank = ComplianceChecker.bankDefault();
        ComplianceReview compliance = (text, kind) -> Mono.fromSupplier(() -> bank.check(text, kind));
        SimulatedWecom wecom = new SimulatedWecom(random, settings.confirmShare(), clock, ZONE);
        // the simulated bank has no 微信客服 windows: every message is a task its employee confirms; the 管户's
        // delivered tasks are their engagements: one of the first month keeps the customer theirs
        InMemoryEngagements engagements = new InMemoryEngagements(clock);
        QuietHourHolds holds = new InMemoryQuietHourHolds();
        OutreachEngine engine = new OutreachEngine(catalogue, ledger,
                new CustomerFactsReader(links, directory, new InMemoryOptOuts(), engagements, KfWindows.NONE),
                () -> roster, compliance, wecom, KfOutreach.NONE, holds, Personaliser.AS_WRITTEN, new NoTrail(),
                new SimpleMeterRegistry(), ZONE, clock);
        TaskFollowUp followUp = new TaskFollowUp(ledger, wecom, engagements, TaskTally.NOT_COUNTED, new NoTrail(), clock);
        HeldRelease heldRelease = new HeldRelease(holds, engine, clock);

        PriorityQueue<Timed> queue = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
                ? Long.compare(a.order(), b.order()) : a.at().compareTo(b.at()));
        long[] order = {0};
        Set<String> assigned = new HashSet<>();
        long[] events = {0};
        Instant end = START.plus(Duration.ofDays(settings.days()));
        List<String> types = strategies.stream().flatMap(s -> s.trigger().eventTypes().stream()).distinct().toList();
        for (String customer : customers) {
            for (String type : types) {
                for (int d = 0; d < settings.days(); d++) {
                    if (random.nextDouble() < settings.eventsPerDay()) {
                        // business hours, bank time (09:00–19:59): no strategy's quiet hours hold them
                        Instant at = START.plus(Duration.ofDays(d)).plus(Duration.ofMinutes(9 * 60 + random.nextInt(11 * 60)));
                        Map<String, Object> attributes = attributesFor(type, strategies, random);
                        String id = "ev" + (order[0] + 1);
                        queue.add(new Timed(at, order[0]++, () -> {
                            events[0]++;
                            List<OutreachPlanner.Plan> plans = engine.on(new OutreachPlanner.Event(id, type, at, attributes),
                                    customer).block();
                            plans.forEach(plan -> converts(plan, customer, at, strategies, settings, random, wecom, queue,
                                    order, assigned, engine, events));
                        }));
                    }
                }
            }
        }
        for (Instant t = START; t.isBefore(end.plus(Duration.ofDays(30))); t = t.plus(Duration.ofHours(1))) {
            queue.add(new Timed(t, order[0]++, () -> {
                followUp.tick().block();
                heldRelease.tick().block();
            }));
        }
        long wallStart = System.nanoTime();
        while (!queue.isEmpty()) {
            Timed next = queue.poll();
            clock.set(next.at());
            next.action().run();
        }
        double seconds = (System.nanoTime() - wallStart) / 1e9;

        OutreachResults results = new OutreachResults(ledger, AbTest.Rules.DEFAULT);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Strategy s : strategies) {
            if (s.kind() != Strategy.Kind.OUTREACH) {
                continue;
            }
            OutreachResults.Results r = results.of(s).block();
            List<Map<String, Object>> arms = new ArrayList<>();
            for (OutreachResults.ArmFigures a : r.arms()) {
                Map<String, Object> arm = new LinkedHashMap<>();
                arm.put("arm", a.arm());
                for (com.wecomassist.outreach.Outcome o : com.wecomassist.outreach.Outcome.values()) {
                    String key = o == com.wecomassist.outreach.Outcome.ASSIGNED ? "assigned" : o.name().toLowerCase();
                    arm.put(key, a.counts().getOrDefault(o, 0L));
                }
                arm.put("conversionRate", a.conversionRate());
                arm.put("ci95", a.ci95());
                arm.put("liftVsControl", a.liftVsControl());
                arm.put("liftCi95", a.liftCi95());
                arm.put("status", a.status());
                Map<String, Double> truths = settings.truth().getOrDefault(s.id(), Map.of());
                Double planted = truths.get(a.arm());
                if (planted != null) {
                    arm.put("truth", planted);
                    // what the engine can measure (intent to treat): the arm's truth for those its message
                    // reached, the control's for the rest (not reachable, not confirmed, over a limit)
                    String controlArm = s.arms().stream().filter(Strategy.Arm::isControl).findFirst().orElseThrow().name();
                    long assignedHere = a.counts().getOrDefault(com.wecomassist.outreach.Outcome.ASSIGNED, 0L);
                    long delivered = a.counts().getOrDefault(com.wecomassist.outreach.Outcome.DELIVERED, 0L);
                    double reached = a.control() || assignedHere == 0 ? 0 : (double) delivered / assignedHere;
                    arm.put("expectedRate", reached * planted + (1 - reached) * truths.getOrDefault(controlArm, planted));
                }
                arms.add(arm);
            }
            Map<String, Object> strategy = new LinkedHashMap<>();
            strategy.put("id", s.id());
            strategy.put("state", r.state());
            strategy.put("winner", r.winner());
            strategy.put("arms", arms);
            out.add(strategy);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("strategies", out);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("population", settings.population());
        run.put("days", settings.days());
        run.put("seed", settings.seed());
        run.put("confirmShare", settings.confirmShare());
        run.put("events", events[0]);
        run.put("tasksCreated", wecom.created);
        run.put("warnings", wecom.warned);
        run.put("wallSeconds", Math.round(seconds * 10) / 10.0);
        run.put("eventsPerSecond", Math.round(events[0] / Math.max(seconds, 1e-9)));
        summary.put("run", run);
        return summary;
    }

    /**
     * A customer newly assigned to an arm converts with the planted probability: the arm's when its message
     * will reach them, the control's otherwise; at a time within the strategy's window (after the message).
     */
    private static void converts(OutreachPlanner.Plan plan, String customer, Instant at, List<Strategy> strategies,
                                 Settings settings, Random random, SimulatedWecom wecom, PriorityQueue<Timed> queue,
                                 long[] order, Set<String> assigned, OutreachEngine engine, long[] events) {
        if (plan.arm() == null || !assigned.add(plan.testId() + "|" + customer)) {
            return;
        }
        Strategy s = strategies.stream().filter(x -> x.id().equals(plan.strategyId())).findFirst().orElseThrow();
        if (s.conversion() == null) {
            return;
        }
        Map<String, Double> truth = settings.truth().getOrDefault(s.id(), Map.of());
        String control = s.arms().stream().filter(Strategy.Arm::isControl).findFirst().orElseThrow().name();
        Instant reached = plan.decision() == OutreachPlanner.Decision.SEND ? wecom.confirmationOfLatest(customer) : null;
        double p = reached != null ? truth.getOrDefault(plan.arm(), 0.0) : truth.getOrDefault(control, 0.0);
        if (random.nextDouble() >= p) {
            return;
        }
        // within the window the engine counts from the assignment, after the message when there is one
        Instant from = reached != null ? reached : at;
        Instant until = at.plus(Duration.ofDays(s.conversion().windowDays() == null ? 14 : s.conversion().windowDays()));
        long room = Math.max(1, Duration.between(from, until).toMinutes() - 1);
        Instant when = from.plus(Duration.ofMinutes(1 + random.nextLong(room)));
        Map<String, Object> attributes = satisfying(s.conversion().conditions(), random);
        String id = "conv" + order[0];
        queue.add(new Timed(when, order[0]++, () -> {
            events[0]++;
            engine.on(new OutreachPlanner.Event(id, s.conversion().eventType(), when, attributes), customer).block();
        }));
    }

    /** Attributes meeting the first strategy's trigger conditions for that type four times in five. */
    private static Map<String, Object> attributesFor(String type, List<Strategy> strategies, Random random) {
        Strategy first = strategies.stream().filter(s -> s.trigger().eventTypes().contains(type)).findFirst().orElseThrow();
        return random.nextInt(5) == 0 ? Map.of() : satisfying(first.trigger().conditions(), random);
    }

    static Map<String, Object> satisfying(List<Strategy.Condition> conditions, Random random) {
        Map<String, Object> out = new HashMap<>();
        if (conditions == null) {
            return out;
        }
        for (Strategy.Condition c : conditions) {
            Object v = c.value();
            double n = v instanceof Number number ? number.doubleValue() : 0;
            out.put(c.attribute(), switch (c.op()) {
                case "EQ" -> v;
                case "NE" -> "not-" + v;
                case "GT", "GE" -> n * (1 + random.nextDouble()) + 1;
                case "LT", "LE" -> n * random.nextDouble();
                case "IN" -> ((List<?>) v).get(0);
                default -> "x";
            });
        }
        return out;
    }

    /**
     * Customers "wmSim000001"…: seven in ten have a 管户 (one of ten account managers) and are their friend
     * since a day in the last 100; half of all are also the friend of one of three 直营 managers (the
     * customers without a 管户 always are).
     */
    private static List<String> population(int size, Random random, InMemoryContactDirectory directory,
                                           InMemoryCustomerLinks links, Map<String, RosterEntry> roster) {
        for (int m = 1; m <= 10; m++) {
            roster.put(String.format("am%02d", m), new RosterEntry(String.format("am%02d", m), "客户经理" + m, "财富组",
                    "模拟支行", "account-manager"));
        }
        for (int m = 1; m <= 3; m++) {
            roster.put(String.format("dm%02d", m), new RosterEntry(String.format("dm%02d", m), "直营经理" + m, "直营中心",
                    "总行", "direct"));
        }
        String[] tiers = {"5-20万", "20-50万", "50万以上"};
        List<String> customers = new ArrayList<>(size);
        List<ContactEvent> adds = new ArrayList<>();
        List<CustomerLink> bankSide = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            String customer = String.format("wmSim%06d", i);
            customers.add(customer);
            boolean managed = random.nextDouble() < 0.7;
            Instant added = START.minus(Duration.ofMinutes(random.nextInt(100 * 24 * 60)));
            if (managed) {
                String manager = String.format("am%02d", 1 + random.nextInt(10));
                adds.add(ContactEvent.callback(ContactEvent.Kind.ADDED, customer, manager, added, null, null, null));
                bankSide.add(new CustomerLink(customer, "SIM" + i, manager, tiers[random.nextInt(3)],
                        CustomerLink.Source.API, START, START));
            }
            if (!managed || random.nextBoolean()) {
                adds.add(ContactEvent.callback(ContactEvent.Kind.ADDED, customer, String.format("dm%02d", 1 + random.nextInt(3)),
                        added.plus(Duration.ofMinutes(random.nextInt(60))), null, null, null));
            }
        }
        Flux.fromIterable(adds).buffer(1_000).concatMap(directory::applyAll).blockLast();
        Flux.fromIterable(bankSide).buffer(1_000).concatMap(links::upsertAll).blockLast();
        return customers;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return value;
    }

    private static double share(String option, double value) {
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(option + " must be between 0 and 1");
        }
        return value;
    }

    /** The simulation keeps no audit trail: a hundred thousand decisions would only fill memory. */
    private static final class NoTrail implements AuditTrail {
        @Override
        public Mono<Void> record(AuditEvent event) {
            return Mono.empty();
        }

        @Override
        public Flux<AuditEvent> ofConversation(String conversation, int limit) {
            return Flux.empty();
        }

        @Override
        public Flux<AuditEvent> forCustomer(String externalUserId) {
            return Flux.empty();
        }

        @Override
        public Mono<Long> eraseCustomer(String externalUserId) {
            return Mono.just(0L);
        }
    }
}
