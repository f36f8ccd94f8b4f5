package com.wecomassist.knowledge;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wecomassist.kb.eval.ChangeSetEvaluation;
import com.wecomassist.kb.eval.EvalSummary;
import java.security.Principal;
import java.util.List;
import java.util.Map;
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
 * Change-set publishing over HTTP for the content team (CONTENT_EDITOR, ADMIN: {@code /api/kb/**}):
 * the entries in review, an evaluation job against the regression questions with its progress and
 * before/after figures, and the gated publish. The rules are {@link ChangeSetGate}'s; refusals are
 * answered by {@code error/RefusedAnswers} as {@code {"reason", "message", ...}}: 400 a missing
 * evaluation id or an override without a reason, 404 unknown evaluation, 409 empty change set, an
 * evaluation already running or not done, a change set changed since it was evaluated (evaluate
 * again), or an accuracy drop beyond the margin without an override (with the figures).
 */
@RestController
@RequestMapping("/api/kb/change-sets")
class ChangeSetController {

    /** {@code GET current}: the entries in review and the gate's settings. */
    record CurrentChangeSet(List<ChangeSetGate.Member> entries, int regressionQueries, double maxAccuracyDrop,
                            boolean required) {
    }

    /** accuracy@1, hit@3 and MRR of one side of an evaluation. */
    record Figures(int queries, double accuracyAt1, double hitAt3, double mrr) {

        static Figures of(EvalSummary s) {
            return new Figures(s.queries(), ChangeSetGate.round(s.accuracyAt1()), ChangeSetGate.round(s.hitAt3()),
                    ChangeSetGate.round(s.mrr()));
        }
    }

    /** What a finished evaluation found. */
    record EvaluationResult(Figures before, Figures after, double accuracyDrop, boolean exceedsMargin,
                            List<ChangeSetEvaluation.QueryChange> changed) {
    }

    /** An evaluation job: its progress and, when done, its result. */
    record Evaluation(String id, String state, double progress, String stage, String startedBy, String startedAt,
                      List<ChangeSetGate.Member> changeSet, double maxAccuracyDrop,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                      @JsonInclude(JsonInclude.Include.NON_NULL) EvaluationResult result) {

        static Evaluation of(ChangeSetGate.Run run) {
            EvaluationResult result = run.result().map(r -> new EvaluationResult(Figures.of(r.before()),
                    Figures.of(r.after()), ChangeSetGate.round(r.accuracyDrop()), run.exceedsMargin(), r.changed()))
                    .orElse(null);
            return new Evaluation(run.id(), run.state().name(), ChangeSetGate.round(run.progress()), run.stage(),
                    run.startedBy(), run.startedAt().toString(), run.changeSet().entries(), run.maxAccuracyDrop(),
                    run.error(), result);
        }
    }

    /** {@code POST publish}: the evaluation to publish; {@code override} with a reason past the margin. */
    record PublishRequest(String evaluationId, Boolean override, String reason) {
    }

    /** What a publish put on air ({@code id@version}), whether it overrode the gate and why. */
    record PublishAnswer(List<String> published, boolean overridden, String reason, Map<String, Object> figures) {
    }

    private final ChangeSetGate gate;
    /** assist.kb.regression.required: the console hides publishing one entry when it is refused. */
    private final boolean required;

    ChangeSetController(ChangeSetGate gate, KnowledgeProperties settings) {
        this.gate = gate;
        this.required = settings.regression().required();
    }

    /** The entries in review: what a publish would put on air. */
    @GetMapping("/current")
    Mono<CurrentChangeSet> current() {
        return gate.current().map(changeSet -> new CurrentChangeSet(changeSet.entries(), gate.queryCount(),
                gate.maxAccuracyDrop(), required));
    }

    /** Starts evaluating the current change set; poll {@code GET evaluations/{id}} for progress and result. */
    @PostMapping("/evaluations")
    Mono<ResponseEntity<Evaluation>> evaluate(Principal editor) {
        return gate.start(editor.getName())
                .map(run -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Evaluation.of(run)));
    }

    @GetMapping("/evaluations/{id}")
    Evaluation evaluation(@PathVariable String id) {
        return Evaluation.of(gate.evaluation(id));
    }

    /**
     * Body {@code {"evaluationId": "...", "override": false, "reason": "..."}}: publishes the evaluated
     * change set; {@code override} with a non-blank {@code reason} is needed when accuracy@1 dropped
     * by more than the margin.
     */
    @PostMapping("/publish")
    Mono<PublishAnswer> publish(Principal editor, @RequestBody(required = false) PublishRequest body) {
        PublishRequest request = body == null ? new PublishRequest(null, null, null) : body;
        return gate.publish(editor.getName(), request.evaluationId(), Boolean.TRUE.equals(request.override()),
                        request.reason())
                .map(published -> new PublishAnswer(published.entries(), published.overridden(), published.reason(),
                        ChangeSetGate.figures(published.evaluation())));
    }
}
