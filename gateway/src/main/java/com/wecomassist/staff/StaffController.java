package com.wecomassist.staff;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.error.Refused;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who is logged in ({@code GET /api/me}, any user: the pages show it and decide what to offer), and
 * the users API for administrators ({@code /api/users}): list, create with roles, set a password,
 * disable and enable. Passwords are hashed here and never answered; every change is audited as
 * {@code STAFF_CHANGED} with the administrator's login name.
 *
 * <p>Refusals are answered by {@code error/RefusedAnswers} as {@code {"reason": ..., "message": ...}}:
 * 400 bad input, 404 unknown user, 409 the name is taken or an administrator would disable themselves.
 */
@RestController
class StaffController {

    /** {@code GET /api/me}: the login name and the roles. */
    record Me(String username, List<String> roles) {
    }

    /** A user as administrators see it (never the password). */
    record User(String username, List<String> roles, boolean enabled, String team, boolean serviceAccount) {

        static User of(StaffMember member) {
            return new User(member.username(), member.roles().stream().map(Role::name).toList(), member.enabled(),
                    member.team(), member.serviceAccount());
        }
    }

    /**
     * {@code POST /api/users}; {@code roles} may also be one name on its own; {@code team} is optional;
     * {@code serviceAccount} (default false) makes a tool's login, which authenticates with HTTP Basic.
     */
    record NewUser(String username, String password,
                   @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> roles,
                   String team, Boolean serviceAccount) {
    }

    /** {@code PUT /api/users/{username}/password}. */
    record NewPassword(String password) {
    }

    private final StaffDirectory directory;
    private final PasswordEncoder encoder;
    private final ConsoleProperties settings;
    private final AuditTrail audit;
    private final Clock clock;
    private final PasswordChecks checks;

    StaffController(StaffDirectory directory, PasswordEncoder encoder, ConsoleProperties settings, AuditTrail audit,
                    Clock clock, PasswordChecks checks) {
        this.directory = directory;
        this.encoder = encoder;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
        this.checks = checks;
    }

    @GetMapping("/api/me")
    Me me(Authentication user) {
        return new Me(user.getName(), user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted().toList());
    }

    @GetMapping("/api/users")
    Flux<User> list() {
        return directory.all().map(User::of);
    }

    /** Body: {@code {"username": "li.na", "password": "...", "roles": ["AGENT"], "team": "north"}} (team optional). */
    @PostMapping("/api/users")
    Mono<ResponseEntity<User>> create(Principal admin, @RequestBody(required = false) NewUser body) {
        NewUser request = body == null ? new NewUser(null, null, null, null, null) : body;
        String username = request.username();
        if (username == null || !StaffMember.USERNAME.matcher(username).matches()) {
            throw Refused.invalid("INVALID_USERNAME", "username: 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        Set<Role> roles;
        try {
            roles = roles(request.roles());
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("INVALID_ROLES", e.getMessage());
        }
        String team;
        try {
            team = StaffMember.team(request.team());
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("INVALID_TEAM", e.getMessage());
        }
        String password = request.password();
        refuseWeak(password);
        return hash(password)
                .flatMap(hash -> directory.create(new StaffMember(username, hash, roles, true, team,
                        Boolean.TRUE.equals(request.serviceAccount()))))
                .flatMap(created -> created
                        ? record(admin, username, new AuditDetails.StaffChanged(
                                Boolean.TRUE.equals(request.serviceAccount()) ? "create-service-account" : "create",
                                roles.stream().map(Role::name).toList(), team))
                                .then(directory.find(username))
                                .map(m -> ResponseEntity.created(URI.create("/api/users/" + username)).body(User.of(m)))
                        : Mono.error(Refused.conflict("ALREADY_EXISTS", "a user " + username + " exists already")));
    }

    /**
     * Body: {@code {"password": "..."}}. Ends every session the user has (on every instance: whoever knew
     * the old password is out) and lifts their lockouts.
     */
    @PutMapping("/api/users/{username}/password")
    Mono<User> setPassword(Principal admin, @PathVariable String username,
                           @RequestBody(required = false) NewPassword body) {
        String password = body == null ? null : body.password();
        refuseWeak(password);
        return directory.find(username)
                .flatMap(member -> hash(password).flatMap(hash -> directory.save(member.withPasswordHash(hash)))
                        .then(directory.endSessions(username))
                        .then(directory.forgetFailedLogins(username))
                        .then(record(admin, username, new AuditDetails.StaffChanged("set-password")))
                        .then(directory.find(username)).map(User::of))
                .switchIfEmpty(Mono.error(() -> unknown(username)));
    }

    @PostMapping("/api/users/{username}/disable")
    Mono<User> disable(Principal admin, @PathVariable String username) {
        if (admin.getName().equals(username)) {
            throw Refused.conflict("NOT_YOURSELF", "an administrator cannot disable their own login");
        }
        return enable(admin, username, false);
    }

    @PostMapping("/api/users/{username}/enable")
    Mono<User> enable(Principal admin, @PathVariable String username) {
        return enable(admin, username, true);
    }

    /** Disabling ends every session the user has, at once and on every instance. */
    private Mono<User> enable(Principal admin, String username, boolean on) {
        return directory.find(username)
                .flatMap(member -> directory.save(member.withEnabled(on))
                        .then(on ? Mono.<Long>empty() : directory.endSessions(username))
                        .then(record(admin, username, new AuditDetails.StaffChanged(on ? "enable" : "disable")))
                        .thenReturn(User.of(member.withEnabled(on))))
                .switchIfEmpty(Mono.error(() -> unknown(username)));
    }

    /** BCrypt costs tens of milliseconds of CPU: on the password-check threads, never the event loop. */
    private Mono<String> hash(String password) {
        return checks.encode(encoder, password).onErrorMap(PasswordChecks.Full.class,
                e -> Refused.unavailable("BUSY", "too many password checks at once; try again in a moment"));
    }

    private Mono<Void> record(Principal admin, String username, AuditDetails.StaffChanged details) {
        return audit.record(AuditEvent.of(null, username, admin.getName(), clock.instant(), details));
    }

    private void refuseWeak(String password) {
        if (password == null || password.length() < settings.minPasswordLength()) {
            throw Refused.invalid("WEAK_PASSWORD", "password: at least " + settings.minPasswordLength() + " characters");
        }
        if (ConsoleProperties.tooLong(password)) {
            throw Refused.invalid("WEAK_PASSWORD", "password: at most " + ConsoleProperties.MAX_PASSWORD_BYTES
                    + " bytes in UTF-8, i.e. 72 letters or digits, 24 Chinese characters (BCrypt reads no further)");
        }
    }

    private static Set<Role> roles(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("roles: name at least one of " + Role.names());
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            roles.add(Role.parse(String.valueOf(name)));
        }
        return roles;
    }

    private static Refused unknown(String username) {
        return Refused.notFound("UNKNOWN_USER", "no user " + username);
    }
}
