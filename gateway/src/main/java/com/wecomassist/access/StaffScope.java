package com.wecomassist.access;

import com.wecomassist.error.Refused;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.staff.StaffMember;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Whose drafts and conversations a member of staff may see and work on, decided on the server from
 * who they are (roles and team), never from what a client asks for:
 * <ul>
 *   <li>{@code ADMIN}: all of them;</li>
 *   <li>{@code AGENT} (直营): the 直营 queue's drafts and the conversations of the 微信客服 accounts
 *       their team serves ({@code assist.access.kf-account-teams}; the default team serves every
 *       account not listed);</li>
 *   <li>{@code ACCOUNT_MANAGER} (管户): their own queue's drafts and their own customers'
 *       conversations ({@link AccountManagers});</li>
 *   <li>{@code SUPERVISOR}: what the agents of their team may, every queue's drafts of those accounts,
 *       and the drafts and conversations of the customers of their team's account managers;</li>
 *   <li>anyone: a conversation they hold (a supervisor may have handed them one from elsewhere).</li>
 * </ul>
 * Several roles see what each of them sees. See {@link Viewer}.
 */
public class StaffScope {

    private final StaffDirectory directory;
    private final AccountManagers managers;
    private final AccessProperties settings;

    public StaffScope(StaffDirectory directory, AccountManagers managers, AccessProperties settings) {
        this.directory = directory;
        this.managers = managers;
        this.settings = settings;
    }

    /** The logged-in user's scope; 403 {@code UNKNOWN_USER} for a login the directory does not know. */
    public Mono<Viewer> of(String username) {
        return directory.find(username)
                .switchIfEmpty(Mono.error(() -> Refused.forbidden("UNKNOWN_USER",
                        "the acting user " + username + " is not in the staff directory")))
                .flatMap(member -> !member.has(Role.SUPERVISOR) || member.has(Role.ADMIN)
                        ? Mono.just(new Viewer(member, Set.of(), settings, managers))
                        : teamOf(member).map(mates -> new Viewer(member, mates, settings, managers)));
    }

    /** The login names of the supervisor's team (whose account managers' customers they look after). */
    private Mono<Set<String>> teamOf(StaffMember lead) {
        return directory.all().filter(m -> m.team().equals(lead.team())).map(StaffMember::username)
                .collect(Collectors.toUnmodifiableSet());
    }
}
