package com.wecomassist.staff;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks a login (form or HTTP Basic) against the directory's password hash, and locks a name for
 * {@code assist.console.lockout} after {@code max-failed-logins} failures in a row. Every attempt is
 * counted as {@code assist.console.logins{outcome}}; failures are logged with the name, never the
 * password. The authenticated name is the member's login name, with {@code ROLE_<role>} authorities.
 */
class StaffAuthentication implements ReactiveAuthenticationManager {

    private static final Logger log = LoggerFactory.getLogger(StaffAuthentication.class);

    private final StaffDirectory directory;
    private final PasswordEncoder encoder;
    private final ConsoleProperties settings;
    private final MeterRegistry meters;
    /** Compared against when the name is unknown, so that unknown and known names take as long. */
    private final String unknownUserHash;

    StaffAuthentication(StaffDirectory directory, PasswordEncoder encoder, ConsoleProperties settings,
                        MeterRegistry meters) {
        this.directory = directory;
        this.encoder = encoder;
        this.settings = settings;
        this.meters = meters;
        this.unknownUserHash = encoder.encode("no such user: only timing matters");
    }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        String name = attempt.getName();
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        return directory.failedLogins(name).flatMap(failed -> {
            if (failed >= settings.maxFailedLogins()) {
                count("locked");
                log.warn("login refused: '{}' is locked after {} failed logins", printable(name), failed);
                return Mono.error(new LockedException("too many failed logins: try again in a few minutes"));
            }
            return directory.find(name)
                    .map(member -> new Candidate(member, member.passwordHash()))
                    .defaultIfEmpty(new Candidate(null, unknownUserHash))
                    // BCrypt costs tens of milliseconds of CPU: off the event loop
                    .publishOn(Schedulers.boundedElastic())
                    .flatMap(c -> {
                        boolean matches = encoder.matches(password, c.hash());
                        return c.member() != null && matches ? Mono.just(c.member()) : wrongPassword(name);
                    })
                    .flatMap(member -> {
                        if (!member.enabled()) {
                            count("disabled");
                            log.warn("login refused: '{}' is disabled", printable(name));
                            return Mono.error(new DisabledException("the user is disabled"));
                        }
                        count("success");
                        Authentication done = UsernamePasswordAuthenticationToken.authenticated(member.username(), null,
                                member.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
                        return (failed > 0 ? directory.forgetFailedLogins(name) : Mono.<Void>empty()).thenReturn(done);
                    });
        });
    }

    private record Candidate(StaffMember member, String hash) {
    }

    private Mono<StaffMember> wrongPassword(String name) {
        return directory.failedLogin(name, settings.lockout()).flatMap(n -> {
            count("bad_credentials");
            log.warn("failed login for '{}' ({} in a row{})", printable(name), n,
                    n >= settings.maxFailedLogins() ? ", now locked for " + settings.lockout() : "");
            return Mono.error(new BadCredentialsException("wrong user name or password"));
        });
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
