package com.wecomassist.suggest;

import java.security.Principal;
import java.util.Map;
import org.springframework.http.ResponseEntity;
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

    static final int MAX_QUESTION = 2000;

    private final SuggestionDesk desk;

    SuggestionController(SuggestionDesk desk) {
        this.desk = desk;
    }

    @PostMapping("/api/suggestions")
    Mono<ResponseEntity<Object>> suggest(@RequestBody(required = false) Map<String, String> body, Principal user) {
        String question = body == null ? null : body.get("question");
        if (question == null || question.isBlank()) {
            return Mono.just(ResponseEntity.badRequest().body(Map.of("reason", "MISSING_QUESTION",
                    "message", "send {\"question\": \"...\"}")));
        }
        if (question.length() > MAX_QUESTION) {
            return Mono.just(ResponseEntity.badRequest().body(Map.of("reason", "TOO_LONG",
                    "message", "at most " + MAX_QUESTION + " characters")));
        }
        return desk.suggest(question.strip(), user.getName()).map(ResponseEntity::ok);
    }
}
