package com.wecomassist.draft;

/** What a draft does for the customer. */
public enum DraftKind {
    /** Answers the question from the cited entries. */
    ANSWER,
    /** Asks which of several entries the customer means. */
    CLARIFICATION,
    /** The entries do not answer the question: a person should take over (never a guess). */
    HANDOFF
}
