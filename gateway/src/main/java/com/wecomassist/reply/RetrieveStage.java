package com.wecomassist.reply;

import com.wecomassist.retrieve.Retriever;
import reactor.core.publisher.Mono;

/** retrieve: the knowledge-base entries that may answer the question, with a calibrated confidence. */
final class RetrieveStage implements Stage {

    private final Retriever retriever;
    private final int sources;
    private final ReplyRecorder recorder;

    /** @param sources how many distinct entries at most */
    RetrieveStage(Retriever retriever, int sources, ReplyRecorder recorder) {
        this.retriever = retriever;
        this.sources = sources;
        this.recorder = recorder;
    }

    @Override
    public Mono<Answer> apply(Answer answer) {
        return recorder.timed("retrieve", retriever.retrieve(answer.question().text(), sources))
                .map(answer::withRetrieval);
    }
}
