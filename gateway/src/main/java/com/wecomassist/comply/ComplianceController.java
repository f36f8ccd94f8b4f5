package com.wecomassist.comply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Layer;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.Neighbour;
import com.wecomassist.compliance.semantic.SemanticFinding;
import com.wecomassist.error.Refused;
import java.util.List;
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

    /** A pack in force as the officer's page lists it. */
    record PackView(String id, String version, String description, String owner, String source, List<RuleView> rules) {
        static PackView of(RulePack pack) {
            return new PackView(pack.id(), pack.version(), pack.description(), pack.owner(), pack.source(),
                    pack.rules().stream().map(rule -> new RuleView(rule.id(), rule.version(), rule.category(),
                            rule.action().name(), rule.severity().name(), rule.enabled(),
                            rule.appliesTo().stream().map(TextKind::yamlName).sorted().toList(), rule.description(),
                            rule.legalBasis(), rule.terms().size())).toList());
        }
    }

    /** One rule of a pack; its terms are counted, not listed (a lexicon has hundreds). */
    record RuleView(String id, int version, String category, String action, String severity, boolean enabled,
                    List<String> appliesTo, String description, String legalBasis, int terms) {
    }

    /** {@code kind} is agent-reply (absent), ai-draft or customer-message. */
    record CheckRequest(String text, String kind) {
    }

    /**
     * The verdict for the API: the action, the layer that decided it, whether it was a thin margin,
     * the text as it would be sent, and every hit with its category, explanation and legal basis.
     */
    record CheckAnswer(String action, String decidedBy, boolean lowMargin, boolean maySendWithoutReview, String text,
                       List<String> packs, List<HitView> hits, int excused, boolean checkFailed) {
        static CheckAnswer of(Verdict verdict, SemanticFinding finding) {
            return new CheckAnswer(verdict.action().name(), verdict.decidedBy().name(), verdict.lowMargin(),
                    verdict.maySendWithoutReview(), verdict.text(), verdict.packs(),
                    verdict.hits().stream().map(hit -> HitView.of(hit, finding)).toList(), verdict.excused().size(),
                    verdict.checkFailed());
        }
    }

    /**
     * A hit with the layer that made it; a semantic hit also carries the score, the threshold and the
     * nearest exemplars (absent on the others, so the page shows them only where they mean something).
     */
    record HitView(String layer, String ruleId, int ruleVersion, String pack, String category, String action,
                   String severity, int start, int end, String matched, String explanation, String legalBasis,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Double score,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Double threshold,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<NearestView> nearest) {
        static HitView of(Hit hit, SemanticFinding finding) {
            boolean semantic = hit.ruleId().startsWith(ComplianceChecker.SEMANTIC_RULE_PREFIX);
            String layer = semantic ? Layer.SEMANTIC.name()
                    : hit.ruleId().startsWith(LayeredComplianceReview.LLM_RULE_PREFIX) ? Layer.LLM.name()
                    : Layer.RULES.name();
            boolean found = semantic && finding != null;
            return new HitView(layer, hit.ruleId(), hit.ruleVersion(), hit.pack(), hit.category(), hit.action().name(),
                    hit.severity().name(), hit.start(), hit.end(), hit.matchedText(), hit.explanation(),
                    hit.legalBasis(), found ? finding.score() : null, found ? finding.threshold() : null,
                    found ? finding.nearest().stream().map(NearestView::of).toList() : null);
        }
    }

    /** An exemplar near the flagged sentence, and how near. */
    record NearestView(String text, String label, String category, double similarity, String sentence, String source) {
        static NearestView of(Neighbour n) {
            return new NearestView(n.exemplar().text(), n.exemplar().label().name(), n.exemplar().category(),
                    n.similarity(), n.sentence(), n.exemplar().source());
        }
    }

    /** Every pack in force with its version and rules. */
    @GetMapping("/api/compliance/packs")
    List<PackView> packs() {
        return inForce.checker().rules().packs().stream().map(PackView::of).toList();
    }

    /**
     * Body {@code {"text": "...", "kind": "agent-reply" | "ai-draft" | "customer-message"}} (kind
     * defaults to agent-reply): the action, the text as it would be sent, and every hit with its
     * position, rule, version, severity, description and legal basis. 400 MISSING_TEXT, TOO_LONG or
     * UNKNOWN_KIND.
     */
    @PostMapping("/api/compliance/check")
    Mono<CheckAnswer> check(@RequestBody(required = false) CheckRequest body) {
        String text = body == null ? null : body.text();
        if (text == null || text.isBlank()) {
            throw Refused.invalid("MISSING_TEXT", "send {\"text\": \"...\"}");
        }
        if (text.length() > MAX_TEXT) {
            throw Refused.invalid("TOO_LONG", "at most " + MAX_TEXT + " characters");
        }
        String kindName = body.kind() == null ? TextKind.AGENT_REPLY.yamlName() : body.kind();
        TextKind kind = TextKind.parse(kindName);
        if (kind == null) {
            throw Refused.invalid("UNKNOWN_KIND", "kind is agent-reply, ai-draft or customer-message, not " + kindName);
        }
        return review.check(text, kind).flatMap(verdict -> {
            boolean semantic = verdict.hits().stream()
                    .anyMatch(h -> h.ruleId().startsWith(ComplianceChecker.SEMANTIC_RULE_PREFIX));
            if (!semantic && !verdict.lowMargin()) {
                return Mono.just(CheckAnswer.of(verdict, null));
            }
            // what the semantic layer saw, with its nearest exemplars, for a flag or a thin margin
            return review.semanticFinding(text, kind).map(finding -> CheckAnswer.of(verdict, finding))
                    .defaultIfEmpty(CheckAnswer.of(verdict, null));
        });
    }
}
