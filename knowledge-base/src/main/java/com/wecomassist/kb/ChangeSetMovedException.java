package com.wecomassist.kb;

import com.wecomassist.kb.entry.CurationException;
import java.util.List;

/**
 * A change set publish refused because the knowledge base is no longer what was evaluated: the
 * entries in review differ, or what is served moved (an entry published or archived on its own),
 * so the figures measured no longer describe what the publish would do.
 */
public final class ChangeSetMovedException extends CurationException {

    private final boolean servedMoved;
    private final List<String> inReviewNow;
    private final List<String> evaluated;

    ChangeSetMovedException(boolean servedMoved, List<String> inReviewNow, List<String> evaluated) {
        super(Reason.STALE_CHANGE_SET, servedMoved
                ? "what is served changed since the evaluation (an entry was published or archived on its own): "
                        + "evaluate again"
                : "the change set changed since the evaluation (now " + String.join(", ", inReviewNow)
                        + "): evaluate again");
        this.servedMoved = servedMoved;
        this.inReviewNow = List.copyOf(inReviewNow);
        this.evaluated = List.copyOf(evaluated);
    }

    /** True when what is served moved; false when the entries in review differ. */
    public boolean servedMoved() {
        return servedMoved;
    }

    /** The entries in review now, as {@code id@version}. */
    public List<String> inReviewNow() {
        return inReviewNow;
    }

    /** The entries in review when evaluated, as {@code id@version}. */
    public List<String> evaluated() {
        return evaluated;
    }
}
