package com.wecomassist.inherit;

import com.wecomassist.contacts.ContactScope;
import com.wecomassist.error.Refused;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * 客户继承 over HTTP, for administrators and team leads (ADMIN, SUPERVISOR: {@code /api/inheritance/**},
 * see {@code staff/SecurityConfiguration}). A team lead may move the customers of their team's employees
 * only, to an employee of their team; an administrator anyone's. {@code POST /api/inheritance/jobs} starts a
 * job (201 with the job; 400 a bad request, 403 out of scope, 422 the message fails the compliance check);
 * {@code GET /api/inheritance/jobs} lists the jobs this user may see with their counts by state, and
 * {@code GET /api/inheritance/jobs/{id}} one with every customer's state, errcode and time.
 */
@RestController
@RequestMapping("/api/inheritance/jobs")
class InheritanceController {

    /** {@code POST} body; see {@link CustomerInheritance.Request}. */
    record JobRequest(TransferKind kind, String handover, String takeover, List<String> customers,
                      Boolean fromUnassigned, String message) {
    }

    /** A job in the list: without its customers, with the counts by state. */
    record JobSummary(String id, TransferKind kind, String handover, String takeover, String requestedBy,
                      Instant createdAt, TransferJob.Phase phase, Map<CustomerState, Integer> counts) {
    }

    /** One job whole. */
    record JobView(String id, TransferKind kind, String handover, String takeover, String message,
                   String requestedBy, Instant createdAt, TransferJob.Phase phase, Map<CustomerState, Integer> counts,
                   List<CustomerTransfer> customers) {
    }

    private final CustomerInheritance inheritance;
    private final ContactScope scope;

    InheritanceController(CustomerInheritance inheritance, ContactScope scope) {
        this.inheritance = inheritance;
        this.scope = scope;
    }

    @PostMapping
    Mono<ResponseEntity<JobView>> create(@RequestBody(required = false) JobRequest body, Principal user) {
        if (body == null) {
            return Mono.error(Refused.invalid("MISSING_BODY", "give kind, handover, takeover and optionally "
                    + "customers, fromUnassigned and message"));
        }
        return scope.employeesVisibleTo(user.getName()).flatMap(visible -> {
            if (body.handover() != null && !visible.test(body.handover())
                    || body.takeover() != null && !visible.test(body.takeover())) {
                return Mono.error(Refused.forbidden("OUT_OF_SCOPE", user.getName()
                        + " may move customers only between employees they look after"));
            }
            return inheritance.request(new CustomerInheritance.Request(body.kind(), body.handover(), body.takeover(),
                            body.customers(), Boolean.TRUE.equals(body.fromUnassigned()), body.message()), user.getName())
                    .map(job -> ResponseEntity.status(HttpStatus.CREATED).body(view(job)));
        });
    }

    @GetMapping
    Mono<List<JobSummary>> list(Principal user) {
        return scope.employeesVisibleTo(user.getName()).flatMap(visible -> inheritance.all()
                .filter(job -> visible.test(job.handover()) || visible.test(job.takeover()))
                .map(job -> new JobSummary(job.id(), job.kind(), job.handover(), job.takeover(), job.requestedBy(),
                        job.createdAt(), job.phase(), job.counts()))
                .collectList());
    }

    @GetMapping("/{id}")
    Mono<JobView> one(@PathVariable String id, Principal user) {
        return scope.employeesVisibleTo(user.getName()).flatMap(visible -> inheritance.job(id)
                .filter(job -> visible.test(job.handover()) || visible.test(job.takeover()))
                .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_JOB", "no inheritance job " + id)))
                .map(InheritanceController::view));
    }

    private static JobView view(TransferJob job) {
        return new JobView(job.id(), job.kind(), job.handover(), job.takeover(), job.message(), job.requestedBy(),
                job.createdAt(), job.phase(), job.counts(), job.customers());
    }
}
