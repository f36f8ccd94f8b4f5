package com.wecomassist.comply;

import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.TextKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The rule packs over HTTP: which packs and rules are in force (for the compliance officer), and
 * the verdict on any text (the officer's "test a text", and the agents' inline warnings while
 * they edit a draft). Both read the checker in force ({@link ComplianceInForce}), so a publication
 * shows here at once; the check goes through the comply stage ({@link ComplianceReview}), which keeps
 * the costlier layers off the request's thread.
 */
@RestController
class ComplianceController {

    /** Longer texts are refused: a WeCom message is at most 2048 bytes, an e-mail-sized text is plenty. */
    static final int MAX_TEXT = 20_000;

    private final ComplianceInForce inForce;
    private final ComplianceReview review;

    ComplianceController(ComplianceInForce inForce, ComplianceReview review) {
        this.inForce = inForce;
        this.review = review;
    }

    /** Every pack in force with its version and rules. */
    @GetMapping("/api/compliance/packs")
    List<Map<String, Object>> packs() {
        return inForce.checker().rules().packs().stream().map(ComplianceController::describe).toList();
    }

    /**
     * Body {@code {"text": "...", "kind": "agent-reply" | "ai-draft" | "customer-message"}} (kind
     * defaults to agent-reply): the action, the text as it would be sent, and every hit with its
     * position, rule, version, severity, description and legal basis.
     */
    @PostMapping("/api/compliance/check")
    Mono<ResponseEntity<Map<String, Object>>> check(@RequestBody(required = false) Map<String, String> body) {
        String text = body == null ? null : body.get("text");
        if (text == null || text.isBlank()) {
            return Mono.just(bad("MISSING_TEXT", "send {\"text\": \"...\"}"));
        }
        if (text.length() > MAX_TEXT) {
            return Mono.just(bad("TOO_LONG", "at most " + MAX_TEXT + " characters"));
        }
        String kindName = body.getOrDefault("kind", TextKind.AGENT_REPLY.yamlName());
        TextKind kind = TextKind.parse(kindName == null ? "" : kindName);
        if (kind == null) {
            return Mono.just(bad("UNKNOWN_KIND", "kind is agent-reply, ai-draft or customer-message, not " + kindName));
        }
        return review.check(text, kind).map(ComplianceController::answer);
    }

    private static ResponseEntity<Map<String, Object>> answer(Verdict verdict) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", verdict.action().name());
        answer.put("maySendWithoutReview", verdict.maySendWithoutReview());
        answer.put("text", verdict.text());
        answer.put("packs", verdict.packs());
        answer.put("hits", verdict.hits().stream().map(ComplianceController::describe).toList());
        answer.put("excused", verdict.excused().size());
        return ResponseEntity.ok(answer);
    }

    private static Map<String, Object> describe(RulePack pack) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", pack.id());
        view.put("version", pack.version());
        view.put("description", pack.description());
        view.put("owner", pack.owner());
        view.put("source", pack.source());
        view.put("rules", pack.rules().stream().map(rule -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", rule.id());
            r.put("version", rule.version());
            r.put("category", rule.category());
            r.put("action", rule.action().name());
            r.put("severity", rule.severity().name());
            r.put("enabled", rule.enabled());
            r.put("appliesTo", rule.appliesTo().stream().map(TextKind::yamlName).sorted().toList());
            r.put("description", rule.description());
            r.put("legalBasis", rule.legalBasis());
            r.put("terms", rule.terms().size());
            return r;
        }).toList());
        return view;
    }

    private static Map<String, Object> describe(Hit hit) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("ruleId", hit.ruleId());
        view.put("ruleVersion", hit.ruleVersion());
        view.put("pack", hit.pack());
        view.put("action", hit.action().name());
        view.put("severity", hit.severity().name());
        view.put("start", hit.start());
        view.put("end", hit.end());
        view.put("matched", hit.matchedText());
        view.put("explanation", hit.explanation());
        view.put("legalBasis", hit.legalBasis());
        return view;
    }

    private static ResponseEntity<Map<String, Object>> bad(String reason, String message) {
        return ResponseEntity.badRequest().body(Map.of("reason", reason, "message", message));
    }
}
