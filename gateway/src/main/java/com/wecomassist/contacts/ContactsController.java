package com.wecomassist.contacts;

import com.wecomassist.error.Refused;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The directory's API. Reading ({@code GET /api/contacts/customers/{external_userid}},
 * {@code GET /api/contacts/employees/{userid}/customers}): administrators, supervisors (their team's
 * employees' customers) and account managers (their own: the login name is the WeCom userid, as for
 * routing), decided by {@link ContactScope}. The full sync ({@code POST/GET
 * /api/contacts/sync}): administrators only ({@code staff/SecurityConfiguration}).
 */
@RestController
class ContactsController {

    static final int MAX_PAGE = 500;

    /** {@code POST /api/contacts/sync}: whom to read (empty: the default scope), and whether to start over. */
    record SyncRequest(List<String> employees, Boolean restart) {
    }

    /** A sync's progress as the administrator sees it. */
    record SyncView(SyncProgress.Status status, int employees, int employeesDone, long pages, long customers,
                    long changed, long errors, String lastError, Instant startedAt, Instant updatedAt,
                    Instant finishedAt, int resumes) {
        static SyncView of(SyncProgress p) {
            return new SyncView(p.status(), p.employees().size(), p.employeesDone(), p.pages(), p.customers(),
                    p.changed(), p.errors(), p.lastError(), p.startedAt(), p.updatedAt(), p.finishedAt(), p.resumes());
        }
    }

    /** A customer with the relationships the viewer may see, and the history of those. */
    record CustomerView(String externalUserId, String name, String unionid, List<FollowRelationship> relationships,
                        List<ContactChange> history) {
    }

    /** One page of an employee's customers, with the employee's counts by status. */
    record EmployeeView(String employee, Map<ContactStatus, Long> counts, List<FollowRelationship> customers,
                        String next) {
    }

    private final ContactDirectory directory;
    private final ContactSync sync;
    private final ContactScope scope;

    ContactsController(ContactDirectory directory, ContactSync sync, ContactScope scope) {
        this.directory = directory;
        this.sync = sync;
        this.scope = scope;
    }

    @PostMapping("/api/contacts/sync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<SyncView> startSync(@RequestBody(required = false) SyncRequest request) {
        List<String> employees = request == null ? null : request.employees();
        boolean restart = request != null && Boolean.TRUE.equals(request.restart());
        return sync.start(employees, restart).map(SyncView::of);
    }

    @GetMapping("/api/contacts/sync")
    Mono<SyncView> syncProgress() {
        return sync.progress().map(SyncView::of)
                .switchIfEmpty(Mono.error(() -> Refused.notFound("NO_SYNC", "no contact sync has run yet")));
    }

    @GetMapping("/api/contacts/customers/{externalUserId}")
    Mono<CustomerView> customer(@PathVariable String externalUserId, Principal user) {
        return scope.employeesVisibleTo(user.getName()).flatMap(visible -> directory.customer(externalUserId)
                .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_CUSTOMER",
                        "no customer " + externalUserId + " in the contact directory")))
                .flatMap(customer -> {
                    List<FollowRelationship> theirs = customer.relationships().stream()
                            .filter(r -> visible.test(r.employee())).toList();
                    if (theirs.isEmpty()) {
                        return Mono.error(Refused.forbidden("OUT_OF_SCOPE", "customer " + externalUserId
                                + " is not a customer of anyone " + user.getName() + " looks after"));
                    }
                    return directory.history(externalUserId).filter(line -> visible.test(line.employee()))
                            .collectList()
                            .map(history -> new CustomerView(externalUserId, customer.name(), customer.unionid(),
                                    theirs, history));
                }));
    }

    @GetMapping("/api/contacts/employees/{employee}/customers")
    Mono<EmployeeView> customersOf(@PathVariable String employee, @RequestParam(required = false) String after,
                                   @RequestParam(defaultValue = "50") int limit, Principal user) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Mono.error(Refused.invalid("BAD_LIMIT", "limit must be between 1 and " + MAX_PAGE));
        }
        return scope.employeesVisibleTo(user.getName()).flatMap(visible -> {
            if (!visible.test(employee)) {
                return Mono.error(Refused.forbidden("OUT_OF_SCOPE", user.getName()
                        + " does not look after the customers of " + employee));
            }
            return Mono.zip(directory.countsOf(employee), directory.customersOf(employee, after, limit))
                    .map(both -> new EmployeeView(employee, both.getT1(), both.getT2().relationships(),
                            both.getT2().next()));
        });
    }
}
