package com.wecomassist.knowledge;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Test set-ups for other packages that edit the knowledge base through the engine under the desks
 * ({@link KnowledgeCuration#edit}, which production code outside this package cannot reach): an entry
 * on air in one step, whatever the desks' rules (change sets required or not), and the engine's own
 * edit for tests of what it does with the bus.
 */
public final class TestCuration {

    private TestCuration() {
    }

    /** The draft created, submitted and published in one edit (versions 1 to 3), recorded as a create. */
    public static Mono<Entry> published(KnowledgeCuration kb, String editor, Entry draft) {
        return kb.edit(editor, "create", draft.id(), base -> {
            base.create(draft, editor);
            base.submitForReview(draft.id(), 1, editor);
            return base.publish(draft.id(), 2, editor);
        });
    }

    public static <T> Mono<T> edit(KnowledgeCuration kb, String editor, String action, String subject,
                                   Function<KnowledgeBase, T> work) {
        return kb.edit(editor, action, subject, work);
    }
}
