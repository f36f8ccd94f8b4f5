package com.wecomassist.draft.openai;

import com.wecomassist.draft.FallbackReason;

/** A failed LLM draft: the reason the knowledge-base drafter answers instead. */
interface DraftFailure {

    FallbackReason reason();
}
