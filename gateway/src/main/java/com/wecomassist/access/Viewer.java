package com.wecomassist.access;

import com.wecomassist.approval.PendingDraft;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.error.Refused;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.route.RoutingDecision;
import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffMember;
import java.util.Set;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * One member of staff's scope ({@link StaffScope} says what it covers). Refusals are 403
 * {@code OUT_OF_SCOPE}: the draft, queue or conversation is not one this person works on.
 */
public final class Viewer {

    private final StaffMember member;
    /** A supervisor's team (login names); empty for everyone else. */
    private final Set<String> team;
    private final AccessProperties settings;
    private final AccountManagers managers;

    Viewer(StaffMember member, Set<String> team, AccessProperties settings, AccountManagers managers) {
        this.member = member;
        this.team = team;
        this.settings = settings;
        this.managers = managers;
    }

    public String username() {
        return member.username();
    }

    /**
     * The drafts this person sees ({@link #sees(PendingDraft)}), of one queue when {@code queue} names
     * one (null or blank: all of theirs); 403 {@code OUT_OF_SCOPE} for a queue they may not ask for.
     */
    public Predicate<PendingDraft> drafts(String queue) {
        String wanted = queue == null || queue.isBlank() ? null : queue.strip();
        if (wanted != null && !mayAskFor(wanted)) {
            throw Refused.forbidden("OUT_OF_SCOPE", member.username() + " does not work on queue '" + wanted + "'");
        }
        return draft -> sees(draft) && (wanted == null || draft.queue().equals(wanted));
    }

    /**
     * Whether the person may ask for this queue ({@code ?queue=}): the 直营 queue for agents, their
     * own for an account manager; supervisors and administrators any (what they see of it is still
     * their scope).
     */
    private boolean mayAskFor(String queue) {
        return member.has(Role.ADMIN) || member.has(Role.SUPERVISOR)
                || member.has(Role.AGENT) && RoutingDecision.DIRECT_QUEUE.equals(queue)
                || member.has(Role.ACCOUNT_MANAGER) && member.username().equals(queue);
    }

    /** Whether the draft is one this person sees in the queue and may claim. */
    public boolean sees(PendingDraft draft) {
        if (member.has(Role.ADMIN)) {
            return true;
        }
        String queue = draft.queue();
        boolean ourAccount = servesAccount(draft.conversation());
        return member.has(Role.ACCOUNT_MANAGER) && member.username().equals(queue)
                || member.has(Role.AGENT) && ourAccount && RoutingDecision.DIRECT_QUEUE.equals(queue)
                || member.has(Role.SUPERVISOR) && (ourAccount || team.contains(queue));
    }

    /**
     * Whether the conversation is one this person may read and work on; {@code holder} is who holds
     * it now (null when nobody does).
     */
    public Mono<Boolean> sees(ConversationKey conversation, String holder) {
        if (member.has(Role.ADMIN) || member.username().equals(holder)) {
            return Mono.just(true);
        }
        if ((member.has(Role.AGENT) || member.has(Role.SUPERVISOR)) && servesAccount(conversation)) {
            return Mono.just(true);
        }
        if (!member.has(Role.ACCOUNT_MANAGER) && !member.has(Role.SUPERVISOR)) {
            return Mono.just(false);
        }
        return managers.of(conversation)
                .map(manager -> member.has(Role.ACCOUNT_MANAGER) && member.username().equals(manager)
                        || member.has(Role.SUPERVISOR) && team.contains(manager))
                .defaultIfEmpty(false);
    }

    /**
     * Whether this person may read the 客户联系 customers of the employee with this WeCom userid: an
     * administrator all, an account manager their own (login name = userid, as for routing), a
     * supervisor those of their team.
     */
    public boolean seesCustomersOf(String employee) {
        return member.has(Role.ADMIN)
                || member.has(Role.ACCOUNT_MANAGER) && member.username().equals(employee)
                || member.has(Role.SUPERVISOR) && team.contains(employee);
    }

    /**
     * Whether this person may read the bank's links (customer numbers) of the customers whose 管户 is
     * {@code manager} (null: customers without one): an administrator all, an account manager their own
     * (who hold those numbers in the bank's CRM already). Supervisors not: they see the 管户 through
     * routing and the contact directory, and have no need of the numbers.
     */
    public boolean seesCustomerLinksOf(String manager) {
        return member.has(Role.ADMIN)
                || manager != null && member.has(Role.ACCOUNT_MANAGER) && member.username().equals(manager);
    }

    /** The draft, or 403 {@code OUT_OF_SCOPE}. */
    public Mono<PendingDraft> check(PendingDraft draft) {
        return sees(draft) ? Mono.just(draft) : Mono.error(() -> Refused.forbidden("OUT_OF_SCOPE", "draft "
                + draft.draftId() + " is in a queue " + member.username() + " does not work on"));
    }

    /** Completes when the conversation is in scope, else 403 {@code OUT_OF_SCOPE}. */
    public Mono<Void> check(ConversationKey conversation, String holder) {
        return sees(conversation, holder).flatMap(yes -> yes ? Mono.<Void>empty()
                : Mono.error(Refused.forbidden("OUT_OF_SCOPE", "conversation " + conversation.id()
                        + " is not one " + member.username() + " works on (another team's account, or another "
                        + "account manager's customer)")));
    }

    private boolean servesAccount(ConversationKey conversation) {
        return settings.teamsOf(conversation.account()).contains(member.team());
    }
}
