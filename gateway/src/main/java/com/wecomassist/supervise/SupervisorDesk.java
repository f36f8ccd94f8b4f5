package com.wecomassist.supervise;

import com.wecomassist.access.StaffScope;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.Transition;
import com.wecomassist.error.Refused;
import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.staff.StaffMember;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * What a team lead does beyond an agent: hands a conversation to a person of their team — another
 * agent, or themselves, which is how they take over from an agent (ordinary agents may not: see
 * {@code AgentDesk.takeOver}) — and watches their team's share of the approval queue. Administrators
 * may do the same for anyone.
 */
public class SupervisorDesk {

    /**
     * The team and its people who serve customers, with what each holds in the approval queue right
     * now, and the queue as a whole (it is shared by every team).
     *
     * @param queueDepth    drafts waiting for a decision, all teams together
     * @param unclaimed     of those, the ones nobody holds
     * @param overdue       of those, the ones past their SLA deadline
     * @param claimedByTeam of those, the ones the team's people hold
     * @param waitingForPerson conversations handed to people that nobody has taken yet (all teams: the
     *                      handoff queue is shared too)
     */
    public record Team(String team, List<Member> members, long queueDepth, long unclaimed, long overdue,
                       long claimedByTeam, long waitingForPerson) {
    }

    /**
     * A person of the team: the drafts they hold in the queue now, how many of them are past their
     * deadline, and the conversations they serve (the ids, to reassign one).
     */
    public record Member(String username, List<String> roles, boolean enabled, long claimedDrafts,
                         long overdueClaimed, List<String> heldConversations) {
    }

    private final StaffDirectory staff;
    private final ConversationStore conversations;
    private final ApprovalQueue approvals;
    private final AuditTrail audit;
    private final Clock clock;
    private final StaffScope scope;

    public SupervisorDesk(StaffDirectory staff, ConversationStore conversations, ApprovalQueue approvals,
                          AuditTrail audit, Clock clock, StaffScope scope) {
        this.staff = staff;
        this.conversations = conversations;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
        this.scope = scope;
    }

    /**
     * The conversation is held by {@code to} from now on, whoever held it (a person or the bot).
     * Refused: 404 an unknown person; 400 one who is disabled or does not serve customers; 403 one
     * of another team (administrators excepted), or a conversation outside the supervisor's scope
     * ({@code OUT_OF_SCOPE}: another team's account, the customer of another team's account manager);
     * 409 when the conversation does not allow it (ended, or {@code to} holds it already).
     */
    public Mono<Conversation> assign(ConversationKey conversation, String to, String supervisor) {
        if (to == null || to.isBlank()) {
            return Mono.error(Refused.invalid("MISSING_ASSIGNEE", "name the person to assign the conversation to: "
                    + "{\"to\": \"<login>\"}"));
        }
        String target = to.strip();
        return Mono.zip(member(supervisor), staff.find(target)
                        .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_USER", "no user " + target))))
                .flatMap(both -> {
                    refuseUnfit(both.getT1(), both.getT2());
                    return Mono.zip(scope.of(supervisor), conversations.get(conversation))
                            .flatMap(now -> now.getT1().check(conversation, now.getT2().servicerUserId()))
                            .then(handOver(conversation, target, supervisor));
                });
    }

    private Mono<Conversation> handOver(ConversationKey conversation, String to, String supervisor) {
        Instant now = clock.instant();
        // the value the change was applied to: the store may apply it more than once, the last is what was stored
        AtomicReference<Conversation> before = new AtomicReference<>();
        return conversations.update(conversation, c -> {
                    before.set(c);
                    return c.handedToPerson(to, now);
                })
                .flatMap(t -> t.allowed() ? Mono.just(t)
                        : Mono.error(Refused.conflict("CONVERSATION_STATE", t.refusal())))
                .flatMap(t -> {
                    Conversation was = before.get();
                    return audit.record(AuditEvent.of(conversation.id(), conversation.id(), supervisor, now,
                                    new AuditDetails.ConversationAssigned(to, was.servicerUserId(), was.state().name())))
                            .thenReturn(t.conversation());
                });
    }

    private static void refuseUnfit(StaffMember supervisor, StaffMember target) {
        if (!target.enabled()) {
            throw Refused.invalid("NOT_AN_AGENT", target.username() + " is disabled: a conversation goes to someone "
                    + "who can log in");
        }
        if (target.roles().stream().noneMatch(Role::servesCustomers)) {
            throw Refused.invalid("NOT_AN_AGENT", target.username() + " (" + names(target) + ") does not serve "
                    + "customers: a conversation goes to an AGENT, ACCOUNT_MANAGER, SUPERVISOR or ADMIN");
        }
        if (!supervisor.has(Role.ADMIN) && !supervisor.team().equals(target.team())) {
            throw Refused.forbidden("OTHER_TEAM", target.username() + " is in team '" + target.team()
                    + "', not in yours ('" + supervisor.team() + "')");
        }
    }

    /** The supervisor's team, its people who serve customers, and the approval queue now. */
    public Mono<Team> team(String supervisor) {
        return member(supervisor).flatMap(lead -> Mono.zip(
                staff.all().filter(m -> m.team().equals(lead.team()))
                        .filter(m -> m.roles().stream().anyMatch(Role::servesCustomers)).collectList(),
                approvals.pending().collectList(),
                conversations.waiting().collectList())
                .map(t -> team(lead.team(), t.getT1(), t.getT2(), t.getT3(), clock.instant())));
    }

    private static Team team(String name, List<StaffMember> people, List<QueuedDraft> queue,
                             List<Conversation> withPeople, Instant now) {
        // a claim whose lease ran out is nobody's any more, even before the queue notices
        Map<String, List<QueuedDraft>> claimed = queue.stream()
                .filter(d -> d.claimed() && d.claim().leaseUntil().isAfter(now))
                .collect(Collectors.groupingBy(d -> d.claim().agentId()));
        Map<String, List<String>> served = withPeople.stream()
                .filter(c -> c.state() == ConversationState.HUMAN)
                .collect(Collectors.groupingBy(Conversation::servicerUserId,
                        Collectors.mapping(c -> c.key().id(), Collectors.toList())));
        List<Member> members = people.stream().map(m -> {
            List<QueuedDraft> theirs = claimed.getOrDefault(m.username(), List.of());
            return new Member(m.username(), m.roles().stream().map(Role::name).toList(), m.enabled(), theirs.size(),
                    theirs.stream().filter(d -> d.draft().overdueAt(now)).count(),
                    served.getOrDefault(m.username(), List.of()));
        }).toList();
        return new Team(name, members, queue.size(),
                queue.stream().filter(d -> !d.claimed() || !d.claim().leaseUntil().isAfter(now)).count(),
                queue.stream().filter(d -> d.draft().overdueAt(now)).count(),
                members.stream().mapToLong(Member::claimedDrafts).sum(),
                withPeople.stream().filter(c -> c.state() == ConversationState.QUEUED).count());
    }

    /** The acting user as the directory knows them (every login is one of its members). */
    private Mono<StaffMember> member(String username) {
        return staff.find(username).switchIfEmpty(Mono.error(() -> Refused.forbidden("UNKNOWN_USER",
                "the acting user " + username + " is not in the staff directory")));
    }

    private static String names(StaffMember member) {
        return member.roles().stream().map(Role::name).collect(Collectors.joining(", "));
    }
}
