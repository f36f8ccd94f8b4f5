package com.wecomassist.draft.kb;

import com.wecomassist.draft.Draft;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.DraftRequest;
import com.wecomassist.draft.DraftSource;
import com.wecomassist.draft.Drafter;
import com.wecomassist.draft.Grounding;
import com.wecomassist.draft.DrafterKind;
import com.wecomassist.draft.PromptCatalogue;
import com.wecomassist.draft.PromptRef;
import com.wecomassist.draft.RenderedPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The drafter without a model, and the LLM drafter's fallback: the top entry's curated answer,
 * preceded by a greeting when the conversation starts and followed by an offer of further help or
 * a person ({@code kb-answer} template). No entry: the handoff notice. Deterministic: the same
 * request always gives the same text. Pure CPU work, microseconds.
 *
 * <p>Its drafts are grounded by construction: the curated answer verbatim inside fixed template
 * wording, so nothing in them needs checking against the entry ({@link Grounding#byConstruction()}).
 */
public final class KbTemplateDrafter implements Drafter {

    private final PromptCatalogue prompts;

    public KbTemplateDrafter(PromptCatalogue prompts) {
        this.prompts = prompts;
    }

    @Override
    public Mono<Draft> draft(DraftRequest request) {
        return Mono.fromSupplier(() -> compose(request));
    }

    /** The draft itself, synchronously (it never waits on anything). */
    public Draft compose(DraftRequest request) {
        if (request.sources().isEmpty()) {
            RenderedPrompt handoff = prompts.render(PromptCatalogue.HANDOFF);
            return new Draft(handoff.text().strip(), DraftKind.HANDOFF, List.of(), List.of(handoff.ref()),
                    Draft.KB_TEMPLATE_MODEL, DrafterKind.KB_TEMPLATE, null, Grounding.byConstruction());
        }
        DraftSource top = request.sources().get(0);
        List<PromptRef> used = new ArrayList<>();
        String greeting = "";
        if (request.conversationStart()) {
            RenderedPrompt g = prompts.render(PromptCatalogue.GREETING);
            greeting = g.text().strip() + "\n";
            used.add(g.ref());
        }
        RenderedPrompt reply = prompts.render(PromptCatalogue.KB_ANSWER,
                Map.of("greeting", greeting, "answer", top.answer().strip()));
        used.add(reply.ref());
        return new Draft(reply.text().strip(), DraftKind.ANSWER, List.of(top.ref()), used, Draft.KB_TEMPLATE_MODEL,
                DrafterKind.KB_TEMPLATE, null, Grounding.byConstruction());
    }
}
