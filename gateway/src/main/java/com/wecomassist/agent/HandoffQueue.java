package com.wecomassist.agent;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.Turn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The handoff queue (待接入): every conversation a person holds or must pick up, as agents see it —
 * why it waits, how urgent it is, since when, by when it should be answered and who holds it. Read
 * from the conversations themselves ({@link ConversationStore#waiting()}), so every route to a
 * person (the customer's intent, a request for a person, the bot unsure too often, a draft past its
 * SLA, an answer that could not be sent, WeCom's own pool) shows here.
 *
 * <p>Live: {@link #changes()} reads the list on this instance every {@code refresh} and emits it
 * when it changed, shared by every viewer (as the approval queue's stream does), so changes made on
 * any instance show within that time.
 */
public class HandoffQueue {

    /** Parallel history reads for the customers' last lines: a long list must not open a connection each. */
    private static final int HISTORY_READS = 8;

    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final Duration sla;
    private final Clock clock;
    private final Flux<List<Conversation>> snapshots;

    /** @param sla how long people have to answer a customer handed to them (the approval SLA) */
    public HandoffQueue(ConversationStore conversations, ConversationHistory history, Duration sla,
                        Duration refresh, Clock clock) {
        this.conversations = conversations;
        this.history = history;
        this.sla = sla;
        this.clock = clock;
        this.snapshots = Flux.interval(Duration.ZERO, refresh)
                .onBackpressureDrop()
                .concatMap(tick -> conversations.waiting().collectList()
                        // a failed read skips one refresh; the next one tries again
                        .onErrorResume(e -> Mono.empty()), 1)
                // versions change with every write, so an unchanged list is an equal one
                .distinctUntilChanged()
                .replay(1)
                .refCount();
    }

    /** The waiting conversations now, most urgent first, then the longest waiting. */
    public Mono<List<Waiting>> now() {
        return conversations.waiting().collectList().flatMap(this::described);
    }

    /** The list at once, then each time it changes. */
    public Flux<List<Waiting>> changes() {
        return snapshots.concatMap(this::described);
    }

    private Mono<List<Waiting>> described(List<Conversation> waiting) {
        Instant now = clock.instant();
        return Flux.fromIterable(waiting)
                .flatMapSequential(c -> lastCustomerLine(c).map(text -> Waiting.of(c, text, sla, now)), HISTORY_READS)
                .collectList();
    }

    /** The customer's last line (masked as stored), or "" when the history has none. */
    private Mono<String> lastCustomerLine(Conversation conversation) {
        return history.recent(conversation.key())
                .map(turns -> {
                    for (int i = turns.size() - 1; i >= 0; i--) {
                        Turn turn = turns.get(i);
                        if (turn.author() == Turn.Author.CUSTOMER || turn.author() == Turn.Author.EMPLOYEE) {
                            return turn.text() == null ? "" : turn.text();
                        }
                    }
                    return "";
                })
                // fail open: the list matters more than the preview
                .onErrorReturn("")
                .defaultIfEmpty("");
    }

    /**
     * One waiting conversation as agents see it.
     *
     * @param conversationId   the conversation's id ({@code kf:<open_kfid>:<external_userid>})
     * @param state            {@code QUEUED} (nobody holds it yet), {@code HUMAN} (a person serves it) or
     *                         {@code AWAITING_APPROVAL} (its draft is past the SLA)
     * @param reason           why it waits: a routing reason code, or null for a value stored before it was kept
     * @param priority         higher first
     * @param waitingSince     when the customer started waiting for a person
     * @param waitingSeconds   how long that is, when the list was read
     * @param slaDeadline      by when a person should have answered ({@code waitingSince} + the SLA)
     * @param heldBy           the person serving it, or null while nobody has claimed it
     * @param lastCustomerText the customer's last line (masked), or "" when none is kept
     */
    public record Waiting(String conversationId, String state, String reason, int priority, Instant waitingSince,
                          long waitingSeconds, Instant slaDeadline, String heldBy, String lastCustomerText) {

        static Waiting of(Conversation c, String lastCustomerText, Duration sla, Instant now) {
            Instant since = c.handOff() != null ? c.handOff().since() : c.updatedAt();
            return new Waiting(c.key().id(), c.state().name(), c.handOff() != null ? c.handOff().reason() : null,
                    c.handOff() != null ? c.handOff().priority() : 0, since,
                    Math.max(0, Duration.between(since, now).toSeconds()), since.plus(sla), c.servicerUserId(),
                    lastCustomerText);
        }
    }
}
