package com.wecomassist.roster;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.error.Refused;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The roster's API, administrators only (a service account for the bank's HR export; by
 * {@code staff/SecurityConfiguration}'s default): {@code GET /api/roster} lists it, {@code PUT /api/roster}
 * with a CSV body ({@link RosterFile}) replaces it whole — 400 {@code INVALID_ROSTER} listing the bad
 * lines, nothing changed.
 */
@RestController
class RosterController {

    /** A roster is thousands of lines; a body far beyond that is a wrong file. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    /** What a replacement did. */
    record Replaced(int employees, Map<String, Long> byBranch) {
    }

    private final EmployeeRoster roster;
    private final RosterSnapshot snapshot;
    private final AuditTrail audit;
    private final java.time.Clock clock;

    RosterController(EmployeeRoster roster, RosterSnapshot snapshot, AuditTrail audit, java.time.Clock clock) {
        this.roster = roster;
        this.snapshot = snapshot;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/api/roster")
    Flux<RosterEntry> all() {
        return roster.all();
    }

    @PutMapping(value = "/api/roster", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    Mono<Replaced> replace(@RequestBody(required = false) String csv, Principal user) {
        if (csv == null || csv.isBlank()) {
            return Mono.error(Refused.invalid("INVALID_ROSTER", "the body must be a CSV file with a header line "
                    + "naming userid,name,team,branch,role"));
        }
        if (csv.length() > MAX_BYTES) {
            return Mono.error(Refused.tooLarge("ROSTER_TOO_LARGE", "a roster file is at most " + MAX_BYTES + " bytes"));
        }
        // a file of thousands of lines is CPU work: parsed off the event loop
        return Mono.fromCallable(() -> RosterFile.read(csv))
                .subscribeOn(reactor.core.scheduler.Schedulers.parallel())
                .onErrorMap(RosterFile.Invalid.class, e -> new Refused(org.springframework.http.HttpStatus.BAD_REQUEST,
                        "INVALID_ROSTER", "the roster was not changed: " + e.errors().size() + " problem(s)",
                        Map.of("errors", e.errors())))
                .flatMap(entries -> replaced(entries, user));
    }

    private Mono<Replaced> replaced(List<RosterEntry> entries, Principal user) {
        Map<String, Long> byBranch = new java.util.TreeMap<>();
        entries.forEach(e -> byBranch.merge(e.branch(), 1L, Long::sum));
        return roster.replaceAll(entries)
                .flatMap(n -> audit.record(AuditEvent.of(null, "roster", user.getName(), clock.instant(),
                                new AuditDetails.StaffChanged("roster replaced: " + n + " employees")))
                        .then(snapshot.refresh())
                        .thenReturn(new Replaced(n, byBranch)));
    }
}
