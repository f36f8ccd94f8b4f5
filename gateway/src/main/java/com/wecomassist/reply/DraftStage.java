package com.wecomassist.reply;

import com.wecomassist.draft.DraftRequest;
import com.wecomassist.draft.Drafter;
import reactor.core.publisher.Mono;

/** draft: a reply written from the retrieved entries only (by the LLM, or the KB template). */
final class DraftStage implements Stage {

    private final Drafter drafter;
    private final ReplyRecorder recorder;

    DraftStage(Drafter drafter, ReplyRecorder recorder) {
        this.drafter = drafter;
        this.recorder = recorder;
    }

    @Override
    public Mono<Answer> apply(Answer answer) {
        DraftRequest request = new DraftRequest(answer.message().conversation().id(), answer.question().text(),
                answer.retrieval().sources(), answer.question().conversationStart());
        return recorder.timed("draft", drafter.draft(request)).map(answer::withDraft);
    }
}
