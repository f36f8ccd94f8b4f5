package com.wecomassist.compliance;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.Severity;
import com.wecomassist.compliance.rules.TextKind;

import java.util.List;

/**
 * The outcome of checking one text: a value, never an exception. The action is the most severe
 * action among the hits ({@link Action#PASS} when there are none).
 *
 * @param action      what must happen to the text
 * @param hits        every rule match that counts, in text order
 * @param excused     matches an exception excused, with the reason
 * @param text        the text to use if it is sent: personal data masked and mandatory notices
 *                    appended as the hits require; equal to the input when nothing was rewritten
 * @param kind        the kind of text that was checked
 * @param packs       {@code id@version} of every rule pack in force, for the audit trail
 * @param checkFailed true when the check itself failed and the verdict is a fail-closed REVIEW
 * @param decidedBy   the layer whose finding set the action ({@link Layer#NONE} when the text passed every layer)
 * @param lowMargin   the semantic layer passed (or flagged) the text by a thin margin: worth the gateway's
 *                    LLM second opinion
 */
public record Verdict(Action action, List<Hit> hits, List<ExcusedHit> excused, String text, TextKind kind,
                      List<String> packs, boolean checkFailed, Layer decidedBy, boolean lowMargin) {

    /** Rule id used in the hit of a fail-closed verdict. */
    public static final String CHECK_FAILED_RULE = "check-failed";

    public Verdict {
        // The engine's own lists are already unmodifiable and unshared; everything else is copied.
        hits = hits instanceof FrozenList<Hit> ? hits : List.copyOf(hits);
        excused = List.copyOf(excused);
        packs = List.copyOf(packs);
        if (decidedBy == null) decidedBy = action == Action.PASS ? Layer.NONE : Layer.RULES;
    }

    /** A verdict of the rules layer alone: decided by the rules unless it passes. */
    public Verdict(Action action, List<Hit> hits, List<ExcusedHit> excused, String text, TextKind kind,
                   List<String> packs, boolean checkFailed) {
        this(action, hits, excused, text, kind, packs, checkFailed, null, false);
    }

    /**
     * A copy made stricter by a later layer: {@code hit} is added, and the action becomes
     * {@code action} only if that is more severe (then {@code by} is the deciding layer). Never
     * looser: a later layer cannot undo what an earlier one found.
     */
    public Verdict stricter(Action action, Hit hit, Layer by) {
        List<Hit> more = new java.util.ArrayList<>(hits.size() + 1);
        more.addAll(hits);
        if (hit != null) more.add(hit);
        boolean raises = action.compareTo(this.action) > 0;
        return new Verdict(raises ? action : this.action, more, excused, text, kind, packs, checkFailed,
                raises ? by : decidedBy, lowMargin);
    }

    /** The same verdict with {@link #lowMargin} set. */
    public Verdict withLowMargin(boolean low) {
        return low == lowMargin ? this
                : new Verdict(action, hits, excused, text, kind, packs, checkFailed, decidedBy, low);
    }

    /**
     * The verdict when the check could not run: a person must review the text. Failing closed,
     * because a text we could not check may say anything.
     */
    public static Verdict failedClosed(String text, TextKind kind, List<String> packs, String reason) {
        int len = text == null ? 0 : text.length();
        Hit hit = new Hit(CHECK_FAILED_RULE, 1, "", "check-failure", Severity.HIGH, Action.REVIEW, 0, len, "",
                "", "合规检查未能完成，需人工审核：" + reason, "");
        return new Verdict(Action.REVIEW, List.of(hit), List.of(), text == null ? "" : text, kind, packs, true);
    }

    /** True when the text may be sent without a person looking at it (possibly after rewriting or a notice). */
    public boolean maySendWithoutReview() {
        return action.compareTo(Action.REWRITE) <= 0;
    }
}
