package com.wecomassist.knowledge;

import com.wecomassist.error.Refused;
import com.wecomassist.error.TransientException;
import com.wecomassist.kb.entry.CurationException;
import com.wecomassist.kb.eval.EvalSummary;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Change-set publishing over HTTP for the content team (CONTENT_EDITOR, ADMIN: {@code /api/kb/**}):
 * the entries in review, an evaluation job against the regression questions with its progress and
 * before/after figures, and the gated publish. Refusals answer {@code {"reason", "message", ...}}:
 * 400 a missing evaluation id or an override without a reason, 404 unknown evaluation, 409 empty
 * change set, an evaluation already running or not done, a change set changed since it was
 * evaluated (evaluate again), or an accuracy drop beyond the margin without an override (with the figures).
 */
@RestController
@RequestMapping("/api/kb/change-sets")
class ChangeSetController {

    private final ChangeSetGate gate;
    /** assist.kb.regression.required: the console hides publishing one entry when it is refused. */
    private final boolean required;

    ChangeSetController(ChangeSetGate gate, KnowledgeProperties settings) {
        this.gate = gate;
        this.required = settings.regression().required();
    }

    /** The entries in review: what a publish would put on air. */
    @GetMapping("/current")
    Mono<Map<String, Object>> current() {
        return gate.current().map(changeSet -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("entries", changeSet.entries());
            body.put("regressionQueries", gate.queryCount());
            body.put("maxAccuracyDrop", gate.maxAccuracyDrop());
            body.put("required", required);
            return body;
        });
    }

    /** Starts evaluating the current change set; poll {@code GET evaluations/{id}} for progress and result. */
    @PostMapping("/evaluations")
    Mono<ResponseEntity<Map<String, Object>>> evaluate(Principal editor) {
        return gate.start(editor.getName()).map(run -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view(run)));
    }

    @GetMapping("/evaluations/{id}")
    ResponseEntity<Map<String, Object>> evaluation(@PathVariable String id) {
        return gate.find(id).map(run -> ResponseEntity.ok(view(run)))
                .orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND, "UNKNOWN_EVALUATION", "没有编号为 " + id + " 的评估"));
    }

    /**
     * Body {@code {"evaluationId": "...", "override": false, "reason": "..."}}: publishes the evaluated
     * change set; {@code override} with a non-blank {@code reason} is needed when accuracy@1 dropped
     * by more than the margin.
     */
    @PostMapping("/publish")
    Mono<Map<String, Object>> publish(Principal editor, @RequestBody(required = false) Map<String, Object> body) {
        Object id = body == null ? null : body.get("evaluationId");
        if (!(id instanceof String evaluationId) || evaluationId.isBlank()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "请先评估变更集，并在 evaluationId 中给出评估编号", Map.of());
        }
        Object override = body.get("override");
        if (override != null && !(override instanceof Boolean)) {
            throw new Refused(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "override 必须是 true 或 false", Map.of());
        }
        Object reason = body.get("reason");
        return gate.publish(editor.getName(), evaluationId.strip(), Boolean.TRUE.equals(override),
                reason == null ? null : reason.toString()).map(published -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("published", published.entries());
                    answer.put("overridden", published.overridden());
                    answer.put("reason", published.reason());
                    answer.put("figures", ChangeSetGate.figures(published.evaluation()));
                    return answer;
                });
    }

    private static Map<String, Object> view(ChangeSetGate.Run run) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", run.id());
        v.put("state", run.state().name());
        v.put("progress", ChangeSetGate.round(run.progress()));
        v.put("stage", run.stage());
        v.put("startedBy", run.startedBy());
        v.put("startedAt", run.startedAt().toString());
        v.put("changeSet", run.changeSet().entries());
        v.put("maxAccuracyDrop", run.maxAccuracyDrop());
        if (run.error() != null) {
            v.put("error", run.error());
        }
        run.result().ifPresent(result -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("before", figures(result.before()));
            r.put("after", figures(result.after()));
            r.put("accuracyDrop", ChangeSetGate.round(result.accuracyDrop()));
            r.put("exceedsMargin", run.exceedsMargin());
            r.put("changed", result.changed());
            v.put("result", r);
        });
        return v;
    }

    private static Map<String, Object> figures(EvalSummary s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("queries", s.queries());
        f.put("accuracyAt1", ChangeSetGate.round(s.accuracyAt1()));
        f.put("hitAt3", ChangeSetGate.round(s.hitAt3()));
        f.put("mrr", ChangeSetGate.round(s.mrr()));
        return f;
    }

    @ExceptionHandler(CurationException.class)
    ResponseEntity<Map<String, Object>> notAllowed(CurationException e) {
        return refusal(HttpStatus.CONFLICT, "NOT_ALLOWED", e.getMessage(), Map.of());
    }

    @ExceptionHandler(KnowledgeCuration.NotReplicatedException.class)
    ResponseEntity<Map<String, Object>> notReplicated(KnowledgeCuration.NotReplicatedException e) {
        return refusal(HttpStatus.SERVICE_UNAVAILABLE, "NOT_REPLICATED", e.getMessage(), Map.of());
    }

    @ExceptionHandler(TransientException.class)
    ResponseEntity<Map<String, Object>> busy(TransientException e) {
        return refusal(HttpStatus.SERVICE_UNAVAILABLE, "BUSY", e.getMessage() + "; try again shortly", Map.of());
    }

    private static ResponseEntity<Map<String, Object>> refusal(HttpStatus status, String reason, String message,
                                                               Map<String, Object> facts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("message", message);
        body.putAll(facts);
        return ResponseEntity.status(status).body(body);
    }
}
