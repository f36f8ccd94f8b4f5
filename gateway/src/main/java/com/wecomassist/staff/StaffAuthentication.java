package com.wecomassist.staff;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Checks a login (the form, or HTTP Basic for service accounts) against the directory's password
 * hash. Before any hash is computed: a client with {@code max-failed-logins-per-client} recent
 * failures (any names) is throttled, a name with {@code max-failed-logins} recent failures from
 * this client is locked for this client only, and a Basic login of anyone but a service account is
 * refused. The hash itself runs on the {@link PasswordChecks}, which refuses at once when full.
 * Unknown names are checked against a hash of the same cost, so that they take as long.
 *
 * <p>Every attempt is counted as {@code assist.console.logins{outcome}}; failures are logged with the
 * name and client, never the password. The authenticated name is the member's login name, with
 * {@code ROLE_<role>} authorities and the {@link StaffLogin} (the session epoch read with the hash)
 * as details.
 */
class StaffAuthentication implements ReactiveAuthenticationManager {

    private static final Logger log = LoggerFactory.getLogger(StaffAuthentication.class);

    /** How the attempt came: a form login starts a session, Basic is for service accounts only. */
    enum Door { FORM, BASIC }

    private final StaffDirectory directory;
    private final PasswordEncoder encoder;
    private final ConsoleProperties settings;
    private final MeterRegistry meters;
    private final PasswordChecks checks;
    private final Door door;
    /** Compared against when the name is unknown, so that unknown and known names take as long. */
    private final String unknownUserHash;

    StaffAuthentication(StaffDirectory directory, PasswordEncoder encoder, ConsoleProperties settings,
                        MeterRegistry meters, PasswordChecks checks, Door door, String unknownUserHash) {
        this.directory = directory;
        this.encoder = encoder;
        this.settings = settings;
        this.meters = meters;
        this.checks = checks;
        this.door = door;
        this.unknownUserHash = Objects.requireNonNull(unknownUserHash, "unknownUserHash");
    }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        String name = attempt.getName();
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        return Mono.deferContextual(context -> {
            String client = ClientAddress.of(context.getOrEmpty(ServerWebExchange.class)
                    .map(ServerWebExchange.class::cast).orElse(null), settings.clientAddressHeader());
            return door == Door.BASIC ? basic(name, password, client) : check(name, password, client);
        });
    }

    /**
     * Basic authenticates every request: only a service account may, so that a person's password never
     * travels with each call and a guess at a person's name costs no hash. Unknown and known names
     * are refused alike.
     */
    private Mono<Authentication> basic(String name, String password, String client) {
        return directory.find(name).filter(StaffMember::serviceAccount)
                .flatMap(service -> check(name, password, client))
                .switchIfEmpty(Mono.defer(() -> refuse("basic_refused", name, client,
                        new LoginRefusedException.BasicNotAllowed())));
    }

    private Mono<Authentication> check(String name, String password, String client) {
        return directory.failedLogins(name, client).flatMap(failed -> {
            if (failed.fromClient() >= settings.maxFailedLoginsPerClient()) {
                return refuse("throttled", name, client, new LoginRefusedException.Throttled(settings.lockout()));
            }
            if (failed.ofName() >= settings.maxFailedLogins()) {
                return refuse("locked", name, client,
                        new LockedException("too many failed logins: try again in a few minutes"));
            }
            // the epoch is read before the hash: a password changed while this login is checked ends its session
            return Mono.zip(directory.find(name).map(m -> new Candidate(m, m.passwordHash()))
                                    .defaultIfEmpty(new Candidate(null, unknownUserHash)),
                            directory.sessionEpoch(name))
                    .flatMap(found -> checks.matches(encoder, password, found.getT1().hash())
                            .onErrorResume(PasswordChecks.Full.class, full -> refuse("busy", name, client,
                                    new LoginRefusedException.Busy()))
                            .flatMap(matches -> found.getT1().member() != null && matches
                                    ? loggedIn(found.getT1().member(), client, failed.ofName(), found.getT2())
                                    : wrongPassword(name, client)));
        });
    }

    private Mono<Authentication> loggedIn(StaffMember member, String client, long failedBefore, long epoch) {
        if (!member.enabled()) {
            return refuse("disabled", member.username(), client, new DisabledException("the user is disabled"));
        }
        count("success");
        UsernamePasswordAuthenticationToken done = UsernamePasswordAuthenticationToken.authenticated(member.username(),
                null, member.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
        done.setDetails(new StaffLogin(epoch));
        return (failedBefore > 0 ? directory.forgetFailedLogins(member.username(), client) : Mono.<Void>empty())
                .thenReturn(done);
    }

    private record Candidate(StaffMember member, String hash) {
    }

    private Mono<Authentication> wrongPassword(String name, String client) {
        return directory.failedLogin(name, client, settings.lockout()).flatMap(n -> {
            count("bad_credentials");
            log.warn("failed login for '{}' from {} ({} in a row{}; {} from there)", printable(name), client, n.ofName(),
                    n.ofName() >= settings.maxFailedLogins() ? ", now locked there for " + settings.lockout() : "",
                    n.fromClient());
            return Mono.error(new BadCredentialsException("wrong user name or password"));
        });
    }

    private <T> Mono<T> refuse(String outcome, String name, String client, AuthenticationException why) {
        count(outcome);
        log.warn("login refused ({}): '{}' from {}", outcome, printable(name), client);
        return Mono.error(why);
    }

    private void count(String outcome) {
        meters.counter("assist.console.logins", "outcome", outcome).increment();
    }

    /** Names are typed by anyone: keep log lines one line and short. */
    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
