package com.wecomassist.optout;

import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.error.Refused;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The suppression list for the staff who serve customers (operations, agents, team leads, account managers:
 * {@code staff/SecurityConfiguration}): read whether a customer is opted out, opt them out with a reason
 * (they asked on the phone, in a branch, in a chat the gateway does not see), opt them back in (a reason is
 * optional there: {@code ?reason=}).
 */
@RestController
class OptOutController {

    static final int MAX_REASON = 200;
    static final int MAX_PAGE = 500;
    private static final Pattern EXTERNAL_USER_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");

    /** {@code PUT}: why (required). */
    record ReasonRequest(String reason) {
    }

    /** What a write did, and the opt-out held afterwards (null: not opted out). */
    record WriteView(OptOut.Change outcome, OptOut optOut) {
    }

    /** One page of the list; {@code next} is the {@code after} of the following page (null: the last). */
    record PageView(List<OptOut> optOuts, String next) {
    }

    private final OptOutDesk desk;
    private final PiiMasker masker;
    private final Clock clock;

    OptOutController(OptOutDesk desk, PiiMasker masker, Clock clock) {
        this.desk = desk;
        this.masker = masker;
        this.clock = clock;
    }

    @GetMapping("/api/optouts/{externalUserId}")
    Mono<OptOut> get(@PathVariable String externalUserId) {
        return desk.optOutOf(checked(externalUserId)).switchIfEmpty(Mono.error(notOptedOut()));
    }

    @GetMapping("/api/optouts")
    Mono<PageView> page(@RequestParam(required = false) String after,
                        @RequestParam(required = false, defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Mono.error(Refused.invalid("INVALID_LIMIT", "limit is between 1 and " + MAX_PAGE));
        }
        return desk.page(after == null || after.isBlank() ? null : checked(after), limit + 1).map(found -> {
            List<OptOut> page = found.size() > limit ? found.subList(0, limit) : found;
            return new PageView(page, found.size() > limit ? page.get(page.size() - 1).externalUserId() : null);
        });
    }

    @PutMapping("/api/optouts/{externalUserId}")
    Mono<WriteView> optOut(@PathVariable String externalUserId,
                           @RequestBody(required = false) ReasonRequest request, Principal user) {
        String customer = checked(externalUserId);
        String reason = reason(request);
        if (reason == null) {
            return Mono.error(Refused.invalid("MISSING_REASON", "say why: {\"reason\": \"...\"} (at most "
                    + MAX_REASON + " characters)"));
        }
        return desk.optOut(new OptOut(customer, OptOut.Source.STAFF, reason, user.getName(), clock.instant()))
                .flatMap(change -> desk.optOutOf(customer).map(held -> new WriteView(change, held))
                        .defaultIfEmpty(new WriteView(change, null)));
    }

    @DeleteMapping("/api/optouts/{externalUserId}")
    Mono<WriteView> optIn(@PathVariable String externalUserId, @RequestParam(required = false) String reason,
                          Principal user) {
        String customer = checked(externalUserId);
        return desk.optIn(customer, OptOut.Source.STAFF, reason(new ReasonRequest(reason)), user.getName(),
                        clock.instant())
                .flatMap(change -> change == OptOut.Change.UNCHANGED ? Mono.error(notOptedOut())
                        : desk.optOutOf(customer).map(held -> new WriteView(change, held))
                        .defaultIfEmpty(new WriteView(change, null)));
    }

    /** The reason, masked for personal data (staff may name the customer or their phone); null when none. */
    private String reason(ReasonRequest request) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            return null;
        }
        String reason = request.reason().strip();
        if (reason.length() > MAX_REASON) {
            throw Refused.invalid("REASON_TOO_LONG", "a reason is at most " + MAX_REASON + " characters");
        }
        return masker.mask(reason);
    }

    private static String checked(String externalUserId) {
        if (externalUserId == null || !EXTERNAL_USER_ID.matcher(externalUserId).matches()) {
            throw Refused.invalid("INVALID_CUSTOMER", "name the customer by their external_userid (letters, digits, "
                    + "'_', '-', '.', '@'; at most 128)");
        }
        return externalUserId;
    }

    private static Refused notOptedOut() {
        return Refused.notFound("NOT_OPTED_OUT", "the customer is not opted out");
    }
}
