package com.wecomassist.draft;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The text proposed for one customer message and everything needed to audit it.
 *
 * @param text           what the customer would read (personal-data placeholders already
 *                       resolved or removed); not yet compliance-checked
 * @param kind           answer, clarification question, or handoff notice
 * @param sources        the entries (and versions) the text is built from; empty for a handoff
 * @param prompts        every prompt template (id and version) the text was made with
 * @param model          the model name, or {@code kb-template}
 * @param drafter        which drafter made it
 * @param fallbackReason why the LLM draft was replaced by this one; null when nothing failed
 * @param grounding      whether the text rests on the entries it used (a draft that is not grounded is
 *                       never sent without a person); null: by construction for a KB-template draft,
 *                       {@linkplain Grounding#unchecked() unchecked} (so not grounded) for a model's
 */
public record Draft(String text, DraftKind kind, List<SourceRef> sources, List<PromptRef> prompts, String model,
                    DrafterKind drafter, FallbackReason fallbackReason, Grounding grounding) {

    /** The model value of drafts made without a model. */
    public static final String KB_TEMPLATE_MODEL = "kb-template";

    public Draft {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(drafter, "drafter");
        sources = List.copyOf(sources);
        prompts = List.copyOf(prompts);
        if (grounding == null) {
            // Fail closed: a model's text that nobody checked must not pass as grounded.
            grounding = drafter == DrafterKind.KB_TEMPLATE ? Grounding.byConstruction() : Grounding.unchecked();
        }
    }

    /** A draft whose grounding follows from its drafter (see {@code grounding} above). */
    public Draft(String text, DraftKind kind, List<SourceRef> sources, List<PromptRef> prompts, String model,
                 DrafterKind drafter, FallbackReason fallbackReason) {
        this(text, kind, sources, prompts, model, drafter, fallbackReason, null);
    }

    /** True when the sources do not answer the question and a person should take over. */
    public boolean handoff() {
        return kind == DraftKind.HANDOFF;
    }

    public Optional<FallbackReason> fallback() {
        return Optional.ofNullable(fallbackReason);
    }

    /** This draft, recorded as standing in for an LLM draft that failed for {@code reason}. */
    public Draft standingInBecause(FallbackReason reason) {
        return new Draft(text, kind, sources, prompts, model, drafter, reason, grounding);
    }
}
