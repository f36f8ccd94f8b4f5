package com.wecomassist.comply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wecomassist.compliance.eval.CategoryFigures;
import com.wecomassist.compliance.eval.EvaluationReport;
import com.wecomassist.compliance.eval.Miss;
import com.wecomassist.error.Refused;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** What the draft holds, what is in force (0: the shipped set), the margin, the latest measurement or null. */
    record ChangeSetView(long exemplars, boolean rulePackDraft, PublicationView published, long inForce,
                         double maxDrop, RunView measurement) {
    }

    /** A publication as the page shows it: which packs and exemplar version, by whom, when and why. */
    record PublicationView(long number, List<String> packs, String exemplarVersion, int officerExemplars, String by,
                           String at, String reason) {
        static PublicationView of(CompliancePublication p) {
            return new PublicationView(p.number(), p.packs(), p.exemplarVersion(), p.exemplars().size(), p.by(),
                    p.at().toString(), p.reason());
        }
    }

    /** What a publish did: the publication, whether it went past a regression, and the figures it was measured at. */
    record PublishAnswer(long number, List<String> packs, String exemplarVersion, int officerExemplars, String by,
                         String at, String reason, boolean overridden, Map<String, Object> figures) {
        static PublishAnswer of(ComplianceGate.Published published) {
            PublicationView p = PublicationView.of(published.publication());
            return new PublishAnswer(p.number(), p.packs(), p.exemplarVersion(), p.officerExemplars(), p.by(), p.at(),
                    p.reason(), published.overridden(), ComplianceGate.figures(published.measurement()));
        }
    }

    /**
     * A measurement: its progress while it runs; once done, the figures before and after per part
     * with the rows whose outcome changed (absent until then, as is {@code error} unless it failed).
     */
    record RunView(String id, String state, double progress, String stage, String startedBy, String startedAt,
                   int exemplars, boolean rulePackDraft, long basePublication, double maxDrop,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, PartView> parts,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<String> packs,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String exemplarVersion,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean exceedsMargin) {
        static RunView of(ComplianceGate.Run run) {
            Map<String, PartView> parts = run.parts().map(all -> {
                Map<String, PartView> r = new LinkedHashMap<>();
                all.forEach((part, f) -> r.put(part.key(), PartView.of(f)));
                return r;
            }).orElse(null);
            boolean done = parts != null;
            return new RunView(run.id(), run.state().name(), ComplianceGate.round(run.progress()), run.stage(),
                    run.startedBy(), run.startedAt().toString(), run.candidate().draft().size(),
                    run.candidate().packYaml() != null, run.candidate().baseNumber(), run.maxDrop(), run.error(),
                    parts, done ? run.packs() : null, done ? run.exemplarVersion() : null,
                    done ? run.exceedsMargin() : null);
        }
    }

    /** One part of the labelled set before and after the change, and what the change costs or gains. */
    record PartView(FiguresView before, FiguresView after, double recallDrop, double cleanPassDrop,
                    List<ChangedRow> newlyMissed, List<ChangedRow> newlyRight) {
        static PartView of(ComplianceGate.PartFigures f) {
            return new PartView(FiguresView.of(f.before()), FiguresView.of(f.after()),
                    ComplianceGate.round(f.recallDrop()), ComplianceGate.round(f.cleanPassDrop()),
                    ChangedRow.first(f.newlyMissed()), ChangedRow.first(f.newlyRight()));
        }
    }

    record FiguresView(int violations, int clean, double recall, double cleanPass,
                       Map<String, CategoryView> perCategory) {
        static FiguresView of(EvaluationReport r) {
            Map<String, CategoryView> cats = new LinkedHashMap<>();
            r.perCategory().forEach((c, cf) -> cats.put(c, CategoryView.of(cf)));
            return new FiguresView(r.violations(), r.clean(), ComplianceGate.round(r.recall()),
                    ComplianceGate.round(r.cleanPass()), cats);
        }
    }

    record CategoryView(int violations, int caught, int clean, int passed) {
        static CategoryView of(CategoryFigures f) {
            return new CategoryView(f.violations(), f.caught(), f.clean(), f.passed());
        }
    }

    /** A labelled row whose outcome changed. */
    record ChangedRow(String text, String label, String category, String expected, String actual, List<String> rules) {
        /** The first few: enough for the officer to see what a change costs or gains. */
        static List<ChangedRow> first(List<Miss> misses) {
            return misses.stream().limit(ComplianceGate.CHANGED_SHOWN).map(m -> new ChangedRow(m.row().text(),
                    m.row().label().jsonName(), m.row().category(), m.row().expected().name(), m.actual().name(),
                    m.rules())).toList();
        }
    }

    /** Both optional: the latest measurement; a reason is required past a drop beyond the margin. */
    record PublishRequest(String measurementId, String reason) {
    }

    @GetMapping
    Mono<ChangeSetView> current() {
        return Mono.zip(changes.draftExemplars().count(),
                changes.draftedPack().map(Optional::of).defaultIfEmpty(Optional.empty()),
                changes.published().map(Optional::of).defaultIfEmpty(Optional.empty()))
                .map(t -> new ChangeSetView(t.getT1(), t.getT2().isPresent(), t.getT3().map(PublicationView::of).orElse(null),
                        gate.applied().map(CompliancePublication::number).orElse(0L), gate.maxDrop(),
                        gate.latest().map(RunView::of).orElse(null)));
    }

    /** Starts measuring the draft; poll {@code GET measure/{id}} for progress and figures. */
    @PostMapping("/measure")
    Mono<ResponseEntity<RunView>> measure(Principal officer) {
        return gate.measure(officer.getName()).map(run -> ResponseEntity.status(HttpStatus.ACCEPTED).body(RunView.of(run)));
    }

    @GetMapping("/measure/{id}")
    RunView measurement(@PathVariable String id) {
        return gate.find(id).map(RunView::of).orElseThrow(() -> Refused.notFound("UNKNOWN_MEASUREMENT",
                "no measurement " + id + " on this instance"));
    }

    /**
     * Body {@code {"measurementId": "...", "reason": "..."}} (both optional: the latest measurement;
     * a reason is required when recall or clean pass dropped beyond the margin): publishes what was
     * measured; it is in force on this instance at once, on the others within a poll.
     */
    @PostMapping("/publish")
    Mono<PublishAnswer> publish(Principal officer, @RequestBody(required = false) PublishRequest body) {
        String id = body == null ? null : body.measurementId();
        String reason = body == null ? null : body.reason();
        if (reason != null && reason.length() > TeachingController.MAX_NOTE) {
            throw Refused.invalid("REASON_TOO_LONG", "a reason has at most " + TeachingController.MAX_NOTE
                    + " characters");
        }
        return gate.publish(officer.getName(), id, reason).map(PublishAnswer::of);
    }
}
