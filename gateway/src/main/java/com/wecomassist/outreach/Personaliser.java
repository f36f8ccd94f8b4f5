package com.wecomassist.outreach;

import com.wecomassist.strategy.Strategy;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Makes an arm's words more personal before they are filled in: the result is still a template with the
 * same slots ({@code {{称呼}}}, {@code {{员工}}}, {@code {{event.<attribute>}}}), so no personal data ever
 * reaches whoever personalises it — only the words, the instruction and the attributes' names.
 */
public interface Personaliser {

    /**
     * The words to fill in, and how they came to be.
     *
     * @param by     {@code template} (as written), {@code llm:<model>}, or {@code template (llm: <why not>)}
     * @param prompt the system prompt's version, when a model was asked; null otherwise
     */
    record Words(String template, String by, String prompt) {
    }

    /** The arm's message's words, personalised when it has a prompt and a model is configured. */
    Mono<Words> personalise(Strategy.Message message, Set<String> attributeNames);

    /** No model: the words as written. */
    Personaliser AS_WRITTEN = (message, names) -> Mono.just(new Words(message.template(), "template", null));
}
