package com.wecomassist.comply.judge;

import com.wecomassist.compliance.rules.TextKind;
import reactor.core.publisher.Mono;

/**
 * Layer 3 of the comply stage: a second opinion on one text. The caller decides what an opinion
 * may change (only ever something stricter); a judge that cannot answer signals an error, which
 * the caller treats as "no opinion".
 */
public interface ComplianceJudge {

    Mono<Opinion> judge(String text, TextKind kind);
}
