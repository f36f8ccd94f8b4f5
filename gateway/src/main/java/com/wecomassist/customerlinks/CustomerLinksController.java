package com.wecomassist.customerlinks;

import com.wecomassist.error.Refused;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The links' API. Writing ({@code PUT}/{@code DELETE /api/customer-links/{external_userid}},
 * {@code POST /api/customer-links/import}): administrators (a service account for the bank's systems),
 * by {@code staff/SecurityConfiguration}. Reading ({@code GET /api/customer-links/{external_userid}},
 * {@code GET /api/customer-links/managers/{userid}/customers}): administrators, and an account manager
 * their own 管户 customers (they hold those numbers in the bank's CRM already), decided by
 * {@link CustomerLinkScope}. Supervisors see the 管户 through routing and the contact directory, not
 * the customer numbers.
 */
@RestController
class CustomerLinksController {

    static final int MAX_PAGE = 500;

    /** {@code PUT}: the link's fields (the customer is in the path). */
    record LinkRequest(String customerNo, String managerUserId, String tier, String asOf) {
    }

    /** What a write did, and the link the store holds afterwards (null when none). */
    record WriteView(LinkOutcome outcome, CustomerLink link) {
    }

    /** A page of an employee's 管户 customers, with how many they have in all. */
    record ManagerView(String manager, long count, java.util.List<CustomerLink> customers, String next) {
    }

    private final CustomerLinks links;
    private final LinkFields fields;
    private final LinkImport imports;
    private final CustomerLinkScope scope;
    private final MeterRegistry meters;
    private final Clock clock;

    CustomerLinksController(CustomerLinks links, LinkFields fields, LinkImport imports, CustomerLinkScope scope,
                            MeterRegistry meters, Clock clock) {
        this.links = links;
        this.fields = fields;
        this.imports = imports;
        this.scope = scope;
        this.meters = meters;
        this.clock = clock;
    }

    @PutMapping("/api/customer-links/{externalUserId}")
    Mono<WriteView> upsert(@PathVariable String externalUserId, @RequestBody LinkRequest request) {
        CustomerLink link;
        try {
            link = fields.link(externalUserId, request.customerNo(), request.managerUserId(), request.tier(),
                    request.asOf(), CustomerLink.Source.API, clock.instant());
        } catch (IllegalArgumentException e) {
            return Mono.error(Refused.invalid("INVALID_LINK", e.getMessage()));
        }
        return links.upsert(link).flatMap(outcome -> written(link.externalUserId(), outcome));
    }

    @DeleteMapping("/api/customer-links/{externalUserId}")
    Mono<WriteView> remove(@PathVariable String externalUserId, @RequestParam String asOf) {
        String customer;
        java.time.Instant at;
        try {
            customer = LinkFields.externalUserId(externalUserId);
            at = LinkFields.asOf(asOf, clock.instant());
        } catch (IllegalArgumentException e) {
            return Mono.error(Refused.invalid("INVALID_LINK", e.getMessage()));
        }
        return links.remove(customer, at, CustomerLink.Source.API).flatMap(outcome -> written(customer, outcome));
    }

    /**
     * {@code POST} a CSV file as the request body (e.g. {@code curl -T links.csv -X POST}): answers NDJSON
     * events as the import goes ({@link LinkImport}).
     */
    @PostMapping(value = "/api/customer-links/import", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<LinkImport.ImportEvent> importFile(@RequestBody Flux<DataBuffer> body, Principal user) {
        Flux<String> lines = StringDecoder.textPlainOnly().decode(body, ResolvableType.forClass(String.class),
                MediaType.TEXT_PLAIN, Map.of());
        return imports.importLines(lines, user.getName());
    }

    @GetMapping("/api/customer-links/{externalUserId}")
    Mono<CustomerLink> link(@PathVariable String externalUserId, Principal user) {
        return scope.managersVisibleTo(user.getName()).flatMap(visible -> links.link(externalUserId)
                .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_CUSTOMER",
                        "no link for customer " + externalUserId)))
                .flatMap(link -> visible.test(link.managerUserId()) ? Mono.just(link)
                        : Mono.error(Refused.forbidden("OUT_OF_SCOPE", "customer " + externalUserId
                                + " is not a 管户 customer of " + user.getName()))));
    }

    @GetMapping("/api/customer-links/managers/{manager}/customers")
    Mono<ManagerView> customersOf(@PathVariable String manager, @RequestParam(required = false) String after,
                                  @RequestParam(defaultValue = "100") int limit, Principal user) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Mono.error(Refused.invalid("BAD_LIMIT", "limit must be between 1 and " + MAX_PAGE));
        }
        return scope.managersVisibleTo(user.getName()).flatMap(visible -> {
            if (!visible.test(manager)) {
                return Mono.error(Refused.forbidden("OUT_OF_SCOPE", user.getName()
                        + " may not read the 管户 customers of " + manager));
            }
            return Mono.zip(links.countOf(manager), links.customersOf(manager, after, limit))
                    .map(both -> new ManagerView(manager, both.getT1(), both.getT2().links(), both.getT2().next()));
        });
    }

    private Mono<WriteView> written(String customer, LinkOutcome outcome) {
        meters.counter("assist.customer_links.written", "source", "API", "outcome", outcome.name()).increment();
        return links.link(customer).map(link -> new WriteView(outcome, link))
                .defaultIfEmpty(new WriteView(outcome, null));
    }
}
