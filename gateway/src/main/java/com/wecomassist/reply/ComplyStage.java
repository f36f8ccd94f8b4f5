package com.wecomassist.reply;

import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceReview;
import reactor.core.publisher.Mono;

/**
 * comply: the draft checked as an AI draft, through the one compliance seam every text to a customer
 * passes ({@link ComplianceReview}: it fails closed, so a broken check sends the draft to people).
 */
final class ComplyStage implements Stage {

    private final ComplianceReview compliance;
    private final ReplyRecorder recorder;

    ComplyStage(ComplianceReview compliance, ReplyRecorder recorder) {
        this.compliance = compliance;
        this.recorder = recorder;
    }

    @Override
    public Mono<Answer> apply(Answer answer) {
        return recorder.timed("comply", compliance.check(answer.draft().text(), TextKind.AI_DRAFT))
                .map(answer::withVerdict);
    }
}
