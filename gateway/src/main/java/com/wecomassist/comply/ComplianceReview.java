package com.wecomassist.comply;

import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.TextKind;
import reactor.core.publisher.Mono;

/**
 * The comply stage as the rest of the gateway sees it: the verdict on a text that may reach a
 * customer (an AI draft, an agent's reply or edit). Asynchronous because a check may grow layers
 * that cost more than a rule pass (sentence embeddings, a model's second opinion); callers never
 * check on their own thread. Never fails: a check that cannot be made answers a fail-closed
 * {@code REVIEW} verdict, so a text nobody could check goes to a person.
 */
public interface ComplianceReview {

    Mono<Verdict> check(String text, TextKind kind);
}
