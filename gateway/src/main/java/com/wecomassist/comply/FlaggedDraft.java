package com.wecomassist.comply;

import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text compliance checked, kept for the compliance officer: an AI draft or an agent's own words
 * that were blocked or sent to review (the flagged list), or that passed (the passed list, which the
 * officer teaches from). Texts are masked for personal data; the hits point into the masked text.
 *
 * @param id           the draft id (the agent's edit of a draft carries that draft's id), or a
 *                     generated one for an agent's free reply
 * @param source       {@code AI_DRAFT} or {@code AGENT_REPLY}
 * @param actor        {@code bot}, or the agent whose text it was
 * @param customerText what the customer wrote (masked), when known
 * @param text         the checked text (masked)
 * @param action       the verdict: {@code BLOCK} or {@code REVIEW} in the flagged list; {@code PASS},
 *                     {@code APPEND_NOTICE} or {@code REWRITE} in the passed list
 * @param packs        the rule packs in force, as {@code id@version}
 * @param route        what the pipeline did with an AI draft ({@code APPROVAL}, {@code BLOCK},
 *                     {@code HANDOFF}); {@code NOT_SENT} for a refused agent text
 */
public record FlaggedDraft(String id, Instant at, String conversation, String source, String actor,
                           String customerText, String text, String action, List<Finding> hits, List<String> packs,
                           String route) {

    public static final String AI_DRAFT = "AI_DRAFT";
    public static final String AGENT_REPLY = "AGENT_REPLY";

    /**
     * Names this text among the recent ones: the draft id alone does not (an AI draft and the
     * agent's edit of it share it), its source and time with it do.
     */
    public String key() {
        return (AGENT_REPLY.equals(source) ? "agent" : "ai") + ":" + id + ":" + at.toEpochMilli();
    }

    /** One rule that matched, at {@code [start, end)} of {@link #text}. */
    public record Finding(String ruleId, int ruleVersion, String pack, String action, int start, int end,
                          String matched, String explanation) {
    }

    public FlaggedDraft {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(action, "action");
        hits = hits == null ? List.of() : List.copyOf(hits);
        packs = packs == null ? List.of() : List.copyOf(packs);
        customerText = customerText == null ? "" : customerText;
    }

    /**
     * The verdict's hits placed in {@code shown}, the text as it is kept (masked). Masking can
     * change the text's length, so each hit is found again by what it matched, from where it was;
     * a hit whose words masking replaced is still listed, without a position (-1).
     */
    public static List<Finding> findings(Verdict verdict, String checked, String shown) {
        List<Finding> out = new ArrayList<>();
        boolean same = checked.equals(shown);
        int from = 0;
        for (Hit hit : verdict.hits()) {
            int start = hit.start();
            int end = hit.end();
            if (!same || end > shown.length()
                    || !shown.regionMatches(start, hit.matchedText(), 0, hit.matchedText().length())) {
                int found = hit.matchedText().isEmpty() ? -1
                        : shown.indexOf(hit.matchedText(), Math.max(0, Math.min(from, start - 4)));
                start = found;
                end = found < 0 ? -1 : found + hit.matchedText().length();
            }
            if (start >= 0) {
                from = start;
            }
            out.add(new Finding(hit.ruleId(), hit.ruleVersion(), hit.pack(), hit.action().name(), start, end,
                    hit.matchedText(), hit.explanation()));
        }
        return out;
    }
}
