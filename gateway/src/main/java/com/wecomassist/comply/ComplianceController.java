package com.wecomassist.comply;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Layer;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.SemanticFinding;
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
 * shows here at once; a check goes through the comply stage as a reply's would (every layer, off
 * the event loop), so what it answers is what the pipeline would decide.
 */
@RestController
class ComplianceController {

    /** Longer texts are refused: a WeCom message is at most 2048 bytes, an e-mail-sized text is plenty. */
    static final int MAX_TEXT = 20_000;

    private final ComplianceInForce inForce;
    private final LayeredComplianceReview review;

    ComplianceController(ComplianceInForce inForce, LayeredComplianceReview review) {
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
        return review.check(text, kind).flatMap(verdict -> {
            boolean semantic = verdict.hits().stream()
                    .anyMatch(h -> h.ruleId().startsWith(ComplianceChecker.SEMANTIC_RULE_PREFIX));
            if (!semantic && !verdict.lowMargin()) {
                return Mono.just(answer(verdict, null));
            }
            // what the semantic layer saw, with its nearest exemplars, for a flag or a thin margin
            return review.semanticFinding(text, kind).map(finding -> answer(verdict, finding))
                    .defaultIfEmpty(answer(verdict, null));
        });
    }

    /**
     * The verdict for the API: the action, the layer that decided it, whether it was a thin margin,
     * the text as it would be sent, and every hit with its category, explanation and legal basis.
     */
    private static ResponseEntity<Map<String, Object>> answer(Verdict verdict, SemanticFinding finding) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", verdict.action().name());
        answer.put("decidedBy", verdict.decidedBy().name());
        answer.put("lowMargin", verdict.lowMargin());
        answer.put("maySendWithoutReview", verdict.maySendWithoutReview());
        answer.put("text", verdict.text());
        answer.put("packs", verdict.packs());
        answer.put("hits", verdict.hits().stream().map(hit -> describe(hit, finding)).toList());
        answer.put("excused", verdict.excused().size());
        answer.put("checkFailed", verdict.checkFailed());
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

    private static Map<String, Object> describe(Hit hit, SemanticFinding finding) {
        Map<String, Object> view = new LinkedHashMap<>();
        boolean semantic = hit.ruleId().startsWith(ComplianceChecker.SEMANTIC_RULE_PREFIX);
        view.put("layer", semantic ? Layer.SEMANTIC.name()
                : hit.ruleId().startsWith(LayeredComplianceReview.LLM_RULE_PREFIX) ? Layer.LLM.name()
                : Layer.RULES.name());
        view.put("ruleId", hit.ruleId());
        view.put("ruleVersion", hit.ruleVersion());
        view.put("pack", hit.pack());
        view.put("category", hit.category());
        view.put("action", hit.action().name());
        view.put("severity", hit.severity().name());
        view.put("start", hit.start());
        view.put("end", hit.end());
        view.put("matched", hit.matchedText());
        view.put("explanation", hit.explanation());
        view.put("legalBasis", hit.legalBasis());
        if (semantic && finding != null) {
            view.put("score", finding.score());
            view.put("threshold", finding.threshold());
            view.put("nearest", nearest(finding));
        }
        return view;
    }

    private static List<Map<String, Object>> nearest(SemanticFinding finding) {
        return finding.nearest().stream().map(n -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("text", n.exemplar().text());
            view.put("label", n.exemplar().label().name());
            view.put("category", n.exemplar().category());
            view.put("similarity", n.similarity());
            view.put("sentence", n.sentence());
            view.put("source", n.exemplar().source());
            return view;
        }).toList();
    }

    private static ResponseEntity<Map<String, Object>> bad(String reason, String message) {
        return ResponseEntity.badRequest().body(Map.of("reason", reason, "message", message));
    }
}
