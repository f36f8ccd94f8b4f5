package com.wecomassist.comply;

import com.wecomassist.compliance.eval.CategoryFigures;
import com.wecomassist.compliance.eval.EvaluationReport;
import com.wecomassist.compliance.eval.Miss;
import com.wecomassist.error.Refused;
import com.wecomassist.error.TransientException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Publishing the compliance officers' changes over HTTP (COMPLIANCE_OFFICER, ADMIN): what the draft
 * holds and what is in force, a measurement job on the labelled set with its progress and figures
 * before and after per part, and the gated publish. Refusals answer {@code {"reason", "message", ...}}:
 * 404 unknown measurement; 409 empty draft, a measurement already running or not done, a draft or
 * publication changed since it was measured (measure again), or a drop beyond the margin without a
 * reason (with the figures).
 */
@RestController
@RequestMapping("/api/compliance/change-set")
class ComplianceGateController {

    private final ComplianceGate gate;
    private final ComplianceChanges changes;

    ComplianceGateController(ComplianceGate gate, ComplianceChanges changes) {
        this.gate = gate;
        this.changes = changes;
    }

    /** What the draft holds, what is in force, the margin, and the latest measurement on this instance. */
    @GetMapping
    Mono<Map<String, Object>> current() {
        return Mono.zip(changes.draftExemplars().count(),
                changes.draftedPack().map(Optional::of).defaultIfEmpty(Optional.empty()),
                changes.published().map(Optional::of).defaultIfEmpty(Optional.empty())).map(t -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("exemplars", t.getT1());
                    body.put("rulePackDraft", t.getT2().isPresent());
                    body.put("published", t.getT3().map(ComplianceGateController::publication).orElse(null));
                    body.put("inForce", gate.applied().map(CompliancePublication::number).orElse(0L));
                    body.put("maxDrop", gate.maxDrop());
                    body.put("measurement", gate.latest().map(ComplianceGateController::view).orElse(null));
                    return body;
                });
    }

    /** Starts measuring the draft; poll {@code GET measure/{id}} for progress and figures. */
    @PostMapping("/measure")
    Mono<ResponseEntity<Map<String, Object>>> measure(Principal officer) {
        return gate.measure(officer.getName()).map(run -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view(run)));
    }

    @GetMapping("/measure/{id}")
    Map<String, Object> measurement(@PathVariable String id) {
        return gate.find(id).map(ComplianceGateController::view).orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND,
                "UNKNOWN_MEASUREMENT", "no measurement " + id + " on this instance"));
    }

    /**
     * Body {@code {"measurementId": "...", "reason": "..."}} (both optional: the latest measurement;
     * a reason is required when recall or clean pass dropped beyond the margin): publishes what was
     * measured; it is in force on this instance at once, on the others within a poll.
     */
    @PostMapping("/publish")
    Mono<Map<String, Object>> publish(Principal officer, @RequestBody(required = false) Map<String, Object> body) {
        Object id = body == null ? null : body.get("measurementId");
        Object reason = body == null ? null : body.get("reason");
        if (reason != null && reason.toString().length() > TeachingController.MAX_NOTE) {
            throw new Refused(HttpStatus.BAD_REQUEST, "REASON_TOO_LONG", "a reason has at most "
                    + TeachingController.MAX_NOTE + " characters");
        }
        return gate.publish(officer.getName(), id == null ? null : id.toString(),
                reason == null ? null : reason.toString()).map(published -> {
                    Map<String, Object> answer = new LinkedHashMap<>(publication(published.publication()));
                    answer.put("overridden", published.overridden());
                    answer.put("figures", ComplianceGate.figures(published.measurement()));
                    return answer;
                });
    }

    private static Map<String, Object> publication(CompliancePublication p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("number", p.number());
        v.put("packs", p.packs());
        v.put("exemplarVersion", p.exemplarVersion());
        v.put("officerExemplars", p.exemplars().size());
        v.put("by", p.by());
        v.put("at", p.at().toString());
        v.put("reason", p.reason());
        return v;
    }

    private static Map<String, Object> view(ComplianceGate.Run run) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", run.id());
        v.put("state", run.state().name());
        v.put("progress", ComplianceGate.round(run.progress()));
        v.put("stage", run.stage());
        v.put("startedBy", run.startedBy());
        v.put("startedAt", run.startedAt().toString());
        v.put("exemplars", run.candidate().draft().size());
        v.put("rulePackDraft", run.candidate().packYaml() != null);
        v.put("basePublication", run.candidate().baseNumber());
        v.put("maxDrop", run.maxDrop());
        if (run.error() != null) {
            v.put("error", run.error());
        }
        run.parts().ifPresent(parts -> {
            Map<String, Object> r = new LinkedHashMap<>();
            parts.forEach((part, f) -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("before", figures(f.before()));
                p.put("after", figures(f.after()));
                p.put("recallDrop", ComplianceGate.round(f.recallDrop()));
                p.put("cleanPassDrop", ComplianceGate.round(f.cleanPassDrop()));
                p.put("newlyMissed", rows(f.newlyMissed()));
                p.put("newlyRight", rows(f.newlyRight()));
                r.put(part.key(), p);
            });
            v.put("parts", r);
            v.put("packs", run.packs());
            v.put("exemplarVersion", run.exemplarVersion());
            v.put("exceedsMargin", run.exceedsMargin());
        });
        return v;
    }

    private static Map<String, Object> figures(EvaluationReport r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("violations", r.violations());
        f.put("clean", r.clean());
        f.put("recall", ComplianceGate.round(r.recall()));
        f.put("cleanPass", ComplianceGate.round(r.cleanPass()));
        Map<String, Object> cats = new LinkedHashMap<>();
        r.perCategory().forEach((c, cf) -> cats.put(c, category(cf)));
        f.put("perCategory", cats);
        return f;
    }

    private static Map<String, Object> category(CategoryFigures f) {
        return Map.of("violations", f.violations(), "caught", f.caught(), "clean", f.clean(), "passed", f.passed());
    }

    /** Rows whose outcome changed, the first few: enough for the officer to see what a change costs or gains. */
    private static List<Map<String, Object>> rows(List<Miss> misses) {
        return misses.stream().limit(ComplianceGate.CHANGED_SHOWN).map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("text", m.row().text());
            row.put("label", m.row().label().jsonName());
            row.put("category", m.row().category());
            row.put("expected", m.row().expected().name());
            row.put("actual", m.actual().name());
            row.put("rules", m.rules());
            return row;
        }).toList();
    }

    @ExceptionHandler(TransientException.class)
    ResponseEntity<Map<String, Object>> busy(TransientException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("reason", "BUSY",
                "message", e.getMessage() + "; try again shortly"));
    }
}
