package com.wecomassist.kb.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One knowledge-base entry at one version: a standard question, the other ways customers ask it
 * (相似问, "variants"), the answer the bank stands behind, and the curation metadata needed to
 * decide whether it may be served and to trace every served answer back to this exact version.
 *
 * @param id            stable identifier of the entry across versions
 * @param question      the standard question (标准问)
 * @param variants      further phrasings of the same question, each matched on its own
 * @param answer        the answer text sent to customers
 * @param answerId      optional key shared by entries that give the same answer text; when blank
 *                      the entry id is the answer key (used to aggregate results per answer)
 * @param category      subject/category, e.g. 信用卡 or 挂失
 * @param productTags   product tags, e.g. 借记卡, 手机银行
 * @param channel       channel the entry is written for (e.g. wecom, all); blank means all
 * @param effectiveFrom first instant the entry may be served (inclusive), null = no start
 * @param effectiveTo   instant from which the entry may no longer be served (exclusive), null = open
 * @param status        lifecycle status
 * @param version       version number, starting at 1, increasing by one per saved change
 * @param updatedBy     who made this version
 * @param updatedAt     when this version was made
 */
public record Entry(
        String id,
        String question,
        List<String> variants,
        String answer,
        String answerId,
        String category,
        List<String> productTags,
        String channel,
        Instant effectiveFrom,
        Instant effectiveTo,
        EntryStatus status,
        long version,
        String updatedBy,
        Instant updatedAt) {

    public Entry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(status, "status");
        variants = cleanList(variants);
        productTags = cleanList(productTags);
        answerId = answerId == null ? "" : answerId.trim();
        category = category == null ? "" : category.trim();
        channel = channel == null ? "" : channel.trim();
        updatedBy = updatedBy == null ? "" : updatedBy;
    }

    /** A new draft with only the fields a writer must fill in; version 0 means "not saved yet". */
    public static Entry draft(String id, String question, String answer) {
        return new Entry(id, question, List.of(), answer, "", "", List.of(), "", null, null,
                EntryStatus.DRAFT, 0, "", null);
    }

    /** The key answers are grouped by: entries sharing an answer text count as one answer. */
    public String answerKey() {
        return answerId.isEmpty() ? id : answerId;
    }

    /** The standard question followed by the variants: every phrasing that is matched separately. */
    public List<String> phrasings() {
        List<String> all = new ArrayList<>(variants.size() + 1);
        all.add(question);
        for (String v : variants) {
            if (!v.equals(question)) {
                all.add(v);
            }
        }
        return all;
    }

    /** Whether the validity window contains {@code now}. */
    public boolean isValidAt(Instant now) {
        return (effectiveFrom == null || !now.isBefore(effectiveFrom))
                && (effectiveTo == null || now.isBefore(effectiveTo));
    }

    /** Whether a customer may be given this entry at {@code now}: published and currently valid. */
    public boolean isServableAt(Instant now) {
        return status == EntryStatus.PUBLISHED && isValidAt(now);
    }

    /** True when the customer-visible content (everything but status and change metadata) is equal. */
    public boolean sameContentAs(Entry other) {
        return question.equals(other.question) && variants.equals(other.variants)
                && answer.equals(other.answer) && answerId.equals(other.answerId)
                && category.equals(other.category) && productTags.equals(other.productTags)
                && channel.equals(other.channel) && Objects.equals(effectiveFrom, other.effectiveFrom)
                && Objects.equals(effectiveTo, other.effectiveTo);
    }

    public Entry withVariants(List<String> newVariants) {
        return new Entry(id, question, newVariants, answer, answerId, category, productTags, channel,
                effectiveFrom, effectiveTo, status, version, updatedBy, updatedAt);
    }

    public Entry withAnswer(String newAnswer) {
        return new Entry(id, question, variants, newAnswer, answerId, category, productTags, channel,
                effectiveFrom, effectiveTo, status, version, updatedBy, updatedAt);
    }

    public Entry withValidity(Instant from, Instant to) {
        return new Entry(id, question, variants, answer, answerId, category, productTags, channel,
                from, to, status, version, updatedBy, updatedAt);
    }

    public Entry withStatus(EntryStatus newStatus) {
        return new Entry(id, question, variants, answer, answerId, category, productTags, channel,
                effectiveFrom, effectiveTo, newStatus, version, updatedBy, updatedAt);
    }

    /** This content stamped as a saved version. */
    public Entry asVersion(long newVersion, EntryStatus newStatus, String editor, Instant at) {
        return new Entry(id, question, variants, answer, answerId, category, productTags, channel,
                effectiveFrom, effectiveTo, newStatus, newVersion, editor, at);
    }

    private static List<String> cleanList(List<String> in) {
        if (in == null || in.isEmpty()) {
            return List.of();
        }
        // Blank and duplicate variants add nothing to matching but would skew per-entry aggregation.
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : in) {
            if (s != null && !s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(out);
    }
}
