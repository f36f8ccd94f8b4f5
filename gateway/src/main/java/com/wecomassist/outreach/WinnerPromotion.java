package com.wecomassist.outreach;

import com.wecomassist.abtest.AbTest;
import com.wecomassist.error.Refused;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.strategy.StrategyPublication;
import com.wecomassist.strategy.StrategyStore;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Promoting a test's winner: when the latest publication's results name a winner, a new version is drafted
 * that sends the winner's words to most customers and keeps the control group as a small holdout (so the
 * lift is still measured), everything else as published. It is a draft like any other: a colleague
 * publishes it. Its arms differ, so once published it is a new test ({@link OutreachPlanner#testId}).
 */
public final class WinnerPromotion {

    /** The winner's share and the holdout's: 9 in 10 customers get the winning words, 1 in 10 nothing. */
    static final double WINNER_WEIGHT = 9;
    static final double HOLDOUT_WEIGHT = 1;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final StrategyStore strategies;
    private final OutreachResults results;
    private final StrategyDesk desk;

    public WinnerPromotion(StrategyStore strategies, OutreachResults results, StrategyDesk desk) {
        this.strategies = strategies;
        this.results = results;
        this.desk = desk;
    }

    /** Drafts the promotion of {@code id}'s winner by {@code author}; 409 {@code NO_WINNER} when there is none. */
    public Mono<StrategyDesk.Drafted> promote(String id, String author) {
        return strategies.publications(id).takeLast(1).next()
                .switchIfEmpty(Mono.error(() -> Refused.notFound("NOT_PUBLISHED", id + " was never published: "
                        + "it has no results")))
                .flatMap(published -> results.of(StrategyDesk.readPublished(published.spec())).flatMap(read -> {
                    if (read.state() != AbTest.State.WINNER || read.winner() == null) {
                        return Mono.error(Refused.conflict("NO_WINNER", id + " has no winner to promote (the test "
                                + "says " + read.state() + ")", Map.of("state", read.state().name())));
                    }
                    return desk.draft(id, promoted(published, read.winner()), author);
                }));
    }

    /**
     * The publication's JSON with two arms left: the control group (weight {@value #HOLDOUT_WEIGHT}) and
     * {@code winner} (weight {@value #WINNER_WEIGHT}, its own message kept if it has one), in their order.
     */
    static String promoted(StrategyPublication published, String winner) {
        ObjectNode spec = (ObjectNode) JSON.readTree(published.spec());
        ArrayNode arms = JSON.createArrayNode();
        for (JsonNode arm : spec.path("arms")) {
            boolean control = arm.path("control").asBoolean(false);
            if (control || arm.path("name").asString().equals(winner)) {
                ObjectNode kept = ((ObjectNode) arm).deepCopy();
                kept.put("weight", control ? HOLDOUT_WEIGHT : WINNER_WEIGHT);
                arms.add(kept);
            }
        }
        if (arms.size() != 2) {
            throw new IllegalStateException("the winner " + winner + " or the control group is not among the arms of "
                    + published.id() + " v" + published.version());
        }
        spec.set("arms", arms);
        return JSON.writeValueAsString(spec);
    }
}
