package com.wecomassist.suggest;

import com.wecomassist.error.Refused;
import java.security.Principal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/suggestions} with {@code {"question": "..."}}: up to three compliant replies with
 * their sources, for an account manager's own chat (the page in WeCom's chat toolbar builds on it).
 */
@RestController
class SuggestionController {

    /** {@code POST /api/suggestions}: the customer's question as the account manager pastes it. */
    record Question(String question) {
    }

    static final int MAX_QUESTION = 2000;

    private final SuggestionDesk desk;

    SuggestionController(SuggestionDesk desk) {
        this.desk = desk;
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
        return desk.suggest(question.strip(), user.getName());
    }
}
