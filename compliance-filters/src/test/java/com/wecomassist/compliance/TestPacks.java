package com.wecomassist.compliance;

import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackReader;

import java.io.IOException;
import java.io.StringReader;

/** A small rule pack written for the layer and evaluation tests, independent of the shipped bank pack. */
public final class TestPacks {

    public static final String LAYERS = """
            pack: layers-test
            version: "1"
            notices:
              investment-risk: 理财非存款、产品有风险、投资须谨慎。
            contexts:
              negation:
                preceded-by: [不]
            rules:
              - id: promise
                category: return-promise
                description: 承诺保本
                legal-basis: 广告法第二十五条
                severity: high
                action: BLOCK
                applies-to: [ai-draft, agent-reply]
                match:
                  terms: [保本]
                exceptions:
                  - negation
              - id: rush
                category: pressure
                description: 催促购买
                legal-basis: 广告法第四条
                severity: medium
                action: REVIEW
                applies-to: [ai-draft, agent-reply]
                match:
                  terms: [名额有限]
              - id: notice
                category: risk-notice-missing
                description: 推荐理财须附风险提示
                legal-basis: 广告法第二十五条
                severity: medium
                action: APPEND_NOTICE
                applies-to: [ai-draft, agent-reply]
                match:
                  terms: [推荐这款理财]
                notice: investment-risk
              - id: phone
                category: personal-data
                description: 个人信息脱敏
                legal-basis: 个人信息保护法第五十一条
                severity: medium
                action: REWRITE
                applies-to: [ai-draft, agent-reply]
                match:
                  pii: [mobile]
            """;

    private TestPacks() {
    }

    public static RulePack layers() {
        return new RulePackReader().read("layers-test.yaml", new StringReader(LAYERS), name -> {
            throw new IOException("no terms files in this test");
        });
    }
}
