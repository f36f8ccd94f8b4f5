package com.wecomassist.staff;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
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
import reactor.core.scheduler.Schedulers;

/**
 * Who is logged in ({@code GET /api/me}, any user: the pages show it and decide what to offer), and
 * the users API for administrators ({@code /api/users}): list, create with roles, set a password,
 * disable and enable. Passwords are hashed here and never answered; every change is audited as
 * {@code STAFF_CHANGED} with the administrator's login name.
 *
 * <p>Refusals answer {@code {"reason": ..., "message": ...}}: 400 bad input, 404 unknown user,
 * 409 the name is taken or an administrator would disable themselves.
 */
@RestController
class StaffController {

    private final StaffDirectory directory;
    private final PasswordEncoder encoder;
    private final ConsoleProperties settings;
    private final AuditTrail audit;
    private final Clock clock;

    StaffController(StaffDirectory directory, PasswordEncoder encoder, ConsoleProperties settings, AuditTrail audit,
                    Clock clock) {
        this.directory = directory;
        this.encoder = encoder;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/api/me")
    Map<String, Object> me(Authentication user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user.getName());
        body.put("roles", user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted().toList());
        return body;
    }

    @GetMapping("/api/users")
    Flux<Map<String, Object>> list() {
        return directory.all().map(StaffController::view);
    }

    /** Body: {@code {"username": "li.na", "password": "...", "roles": ["AGENT"]}}. */
    @PostMapping("/api/users")
    Mono<ResponseEntity<Map<String, Object>>> create(Principal admin, @RequestBody(required = false) Map<String, Object> body) {
        String username = text(body, "username");
        if (username == null || !StaffMember.USERNAME.matcher(username).matches()) {
            return refuse(HttpStatus.BAD_REQUEST, "INVALID_USERNAME",
                    "username: 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        Set<Role> roles;
        try {
            roles = roles(body == null ? null : body.get("roles"));
        } catch (IllegalArgumentException e) {
            return refuse(HttpStatus.BAD_REQUEST, "INVALID_ROLES", e.getMessage());
        }
        String password = text(body, "password");
        String weak = weakness(password);
        if (weak != null) {
            return refuse(HttpStatus.BAD_REQUEST, "WEAK_PASSWORD", weak);
        }
        return hash(password)
                .flatMap(hash -> directory.create(new StaffMember(username, hash, roles, true)))
                .flatMap(created -> created
                        ? record(admin, username, new AuditDetails.StaffChanged("create", roles.stream().map(Role::name).toList()))
                                .then(directory.find(username))
                                .map(m -> ResponseEntity.created(URI.create("/api/users/" + username)).body(view(m)))
                        : refuse(HttpStatus.CONFLICT, "ALREADY_EXISTS", "a user " + username + " exists already"));
    }

    /** Body: {@code {"password": "..."}}. Ends no session already open (they last until they expire or log out). */
    @PutMapping("/api/users/{username}/password")
    Mono<ResponseEntity<Map<String, Object>>> setPassword(Principal admin, @PathVariable String username,
                                                          @RequestBody(required = false) Map<String, Object> body) {
        String password = text(body, "password");
        String weak = weakness(password);
        if (weak != null) {
            return refuse(HttpStatus.BAD_REQUEST, "WEAK_PASSWORD", weak);
        }
        return directory.find(username)
                .flatMap(member -> hash(password).flatMap(hash -> directory.save(member.withPasswordHash(hash)))
                        .then(directory.forgetFailedLogins(username))
                        .then(record(admin, username, new AuditDetails.StaffChanged("set-password", null)))
                        .then(directory.find(username)).map(m -> ResponseEntity.ok(view(m))))
                .switchIfEmpty(Mono.defer(() -> unknown(username)));
    }

    @PostMapping("/api/users/{username}/disable")
    Mono<ResponseEntity<Map<String, Object>>> disable(Principal admin, @PathVariable String username) {
        if (admin.getName().equals(username)) {
            return refuse(HttpStatus.CONFLICT, "NOT_YOURSELF", "an administrator cannot disable their own login");
        }
        return enable(admin, username, false);
    }

    @PostMapping("/api/users/{username}/enable")
    Mono<ResponseEntity<Map<String, Object>>> enable(Principal admin, @PathVariable String username) {
        return enable(admin, username, true);
    }

    private Mono<ResponseEntity<Map<String, Object>>> enable(Principal admin, String username, boolean on) {
        return directory.find(username)
                .flatMap(member -> directory.save(member.withEnabled(on))
                        .then(record(admin, username, new AuditDetails.StaffChanged(on ? "enable" : "disable", null)))
                        .thenReturn(ResponseEntity.ok(view(member.withEnabled(on)))))
                .switchIfEmpty(Mono.defer(() -> unknown(username)));
    }

    /** BCrypt costs tens of milliseconds of CPU: off the event loop. */
    private Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<Void> record(Principal admin, String username, AuditDetails.StaffChanged details) {
        return audit.record(AuditEvent.of(null, username, admin.getName(), clock.instant(), details));
    }

    private String weakness(String password) {
        if (password == null || password.length() < settings.minPasswordLength()) {
            return "password: at least " + settings.minPasswordLength() + " characters";
        }
        if (ConsoleProperties.tooLong(password)) {
            return "password: at most " + ConsoleProperties.MAX_PASSWORD_BYTES
                    + " bytes in UTF-8, i.e. 72 letters or digits, 24 Chinese characters (BCrypt reads no further)";
        }
        return null;
    }

    private static Set<Role> roles(Object value) {
        List<Object> names = new ArrayList<>();
        if (value instanceof List<?> list) {
            names.addAll(list);
        } else if (value != null) {
            names.add(value);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("roles: name at least one of AGENT, CONTENT_EDITOR, "
                    + "COMPLIANCE_OFFICER, ACCOUNT_MANAGER, ADMIN");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object name : names) {
            roles.add(Role.parse(String.valueOf(name)));
        }
        return roles;
    }

    private static String text(Map<String, Object> body, String name) {
        Object value = body == null ? null : body.get(name);
        return value instanceof String s ? s : null;
    }

    private static Map<String, Object> view(StaffMember member) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", member.username());
        body.put("roles", member.roles().stream().map(Role::name).toList());
        body.put("enabled", member.enabled());
        return body;
    }

    private static Mono<ResponseEntity<Map<String, Object>>> unknown(String username) {
        return refuse(HttpStatus.NOT_FOUND, "UNKNOWN_USER", "no user " + username);
    }

    private static Mono<ResponseEntity<Map<String, Object>>> refuse(HttpStatus status, String reason, String message) {
        return Mono.just(ResponseEntity.status(status).body(Map.of("reason", reason, "message", message)));
    }
}
