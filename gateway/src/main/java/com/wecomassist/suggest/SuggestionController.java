package com.wecomassist.suggest;

import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.Engagements;
import com.wecomassist.error.Refused;
import java.security.Principal;
import java.time.Clock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/suggestions} with {@code {"question": "..."}}: up to three compliant replies with
 * their sources, for an account manager's own chat (the page in WeCom's chat toolbar builds on it). The page
 * open in a customer's chat passes that customer ({@code externalUserId}, which the toolbar knows): the
 * employee answering in their chat is an engagement of theirs ({@link Engagements}).
 */
@RestController
class SuggestionController {

    private static final Logger log = LoggerFactory.getLogger(SuggestionController.class);
    private static final Pattern EXTERNAL_USER_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");

    /**
     * {@code POST /api/suggestions}: the customer's question as the account manager pastes it, and the customer
     * whose chat the page is open in (optional).
     */
    record Question(String question, String externalUserId) {
    }

    static final int MAX_QUESTION = 2000;

    private final SuggestionDesk desk;
    private final Engagements engagements;
    private final Clock clock;

    SuggestionController(SuggestionDesk desk, Engagements engagements, Clock clock) {
        this.desk = desk;
        this.engagements = engagements;
        this.clock = clock;
    }

    @PostMapping("/api/suggestions")
    Mono<SuggestionDesk.Suggestions> suggest(@RequestBody(required = false) Question body, Principal user) {
        String question = body == null ? null : body.question();
        if (question == null || question.isBlank()) {
            throw Refused.invalid("MISSING_QUESTION", "send {\"question\": \"...\"}");
        }
        if (question.length() > MAX_QUESTION) {
            throw Refused.invalid("TOO_LONG", "at most " + MAX_QUESTION + " characters");
        }
        String customer = body.externalUserId();
        if (customer != null && !EXTERNAL_USER_ID.matcher(customer).matches()) {
            throw Refused.invalid("INVALID_CUSTOMER", "externalUserId is the chat's external_userid (letters, digits, "
                    + "'_', '-', '.', '@'; at most 128)");
        }
        Mono<Void> engaged = customer == null ? Mono.empty()
                : engagements.record(new Engagement(user.getName(), customer, clock.instant(),
                        Engagement.Source.SUGGESTION))
                // the suggestions matter to the employee now; a lost engagement only risks a later task going to 直营
                .onErrorResume(e -> {
                    log.warn("{}'s engagement of {} not recorded: {}", user.getName(), customer, e.toString());
                    return Mono.empty();
                });
        return engaged.then(desk.suggest(question.strip(), user.getName()));
    }
}
