package com.wecomassist.compliance.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

public class RulePackReaderTest {

    public static final String VALID = """
            pack: test-pack
            version: "1.0"
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
                applies-to: [ai-draft]
                match:
                  terms: [保本]
                exceptions:
                  - negation
            """;

    private final RulePackReader reader = new RulePackReader();

    private RulePack read(String yaml) {
        return reader.read("test.yaml", new StringReader(yaml), name -> {
            throw new IOException("no terms files in this test");
        });
    }

    private InvalidRulePackException invalid(String yaml) {
        return catchThrowableOfType(InvalidRulePackException.class, () -> read(yaml));
    }

    @Test
    void readsAValidPack() {
        RulePack pack = read(VALID);
        assertThat(pack.label()).isEqualTo("test-pack@1.0");
        Rule rule = pack.rules().get(0);
        assertThat(rule.action()).isEqualTo(Action.BLOCK);
        assertThat(rule.appliesTo()).containsExactly(TextKind.AI_DRAFT);
        assertThat(rule.exceptions()).singleElement().satisfies(c -> {
            assertThat(c.scope()).isEqualTo(Context.Scope.PRECEDED_BY);
            assertThat(c.name()).isEqualTo("negation");
        });
        assertThat(rule.line()).isEqualTo(7);
    }

    @Test
    void unknownActionNamesFileLineAndProblem() {
        InvalidRulePackException e = invalid(VALID.replace("action: BLOCK", "action: BLOK"));
        assertThat(e.source()).isEqualTo("test.yaml");
        assertThat(e.line()).isEqualTo(12);
        assertThat(e.getMessage()).startsWith("test.yaml:12: ").contains("unknown action 'BLOK'");
    }

    @Test
    void misspeltKeyIsAnErrorNotIgnored() {
        InvalidRulePackException e = invalid(VALID.replace("exceptions:", "exeptions:"));
        assertThat(e.line()).isEqualTo(16);
        assertThat(e.problem()).contains("unknown key 'exeptions'");
    }

    @Test
    void invalidRegexIsReportedAtItsLine() {
        InvalidRulePackException e = invalid(VALID.replace("terms: [保本]", "patterns:\n        - regex: '保(本'"));
        assertThat(e.line()).isEqualTo(16);
        assertThat(e.problem()).contains("invalid regex");
    }

    @Test
    void patternNeedsWithoutAnchorsIsAnError() {
        InvalidRulePackException e = invalid(VALID.replace("terms: [保本]", "patterns:\n        - regex: '保.本'\n          needs: [本]"));
        assertThat(e.line()).isEqualTo(16);
        assertThat(e.problem()).contains("'needs' only works together with 'anchors'");
    }

    @Test
    void missingFieldsAndEmptyTerms() {
        assertThat(invalid(VALID.replace("    legal-basis: 广告法第二十五条\n", "")).problem()).contains("missing 'legal-basis'");
        assertThat(invalid(VALID.replace("terms: [保本]", "terms: [' - ']")).problem()).contains("empty after normalisation");
        assertThat(invalid(VALID.replace("terms: [保本]", "terms: []")).problem()).contains("needs at least one of");
        assertThat(invalid(VALID.replace("applies-to: [ai-draft]", "applies-to: [chatbot]")).problem()).contains("unknown text kind 'chatbot'");
    }

    @Test
    void unknownContextReferenceAndNotice() {
        assertThat(invalid(VALID.replace("- negation", "- negaton")).problem()).contains("unknown context 'negaton'");
        InvalidRulePackException e = invalid(VALID.replace("action: BLOCK", "action: APPEND_NOTICE"));
        assertThat(e.problem()).contains("APPEND_NOTICE needs 'notice'");
    }

    @Test
    void yamlSyntaxErrorHasALine() {
        InvalidRulePackException e = invalid(VALID.replace("terms: [保本]", "terms: [保本"));
        assertThat(e.line()).isGreaterThan(0);
        assertThat(e.problem()).startsWith("not valid YAML");
    }

    @Test
    void duplicateRuleIds() {
        String twice = VALID + VALID.substring(VALID.indexOf("  - id: promise"));
        assertThat(invalid(twice).problem()).contains("duplicate rule id 'promise'");
    }

    @Test
    void termsFileIsResolvedBesideThePack(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("words.txt"), "# comment\n稳赚\n\n躺赚\n");
        Files.writeString(dir.resolve("pack.yaml"), VALID.replace("terms: [保本]", "terms-file: words.txt"));
        RulePack pack = reader.read(dir.resolve("pack.yaml"));
        assertThat(pack.rules().get(0).terms()).containsExactly("稳赚", "躺赚");
        Files.writeString(dir.resolve("pack.yaml"), VALID.replace("terms: [保本]", "terms-file: missing.txt"));
        assertThatThrownBy(() -> reader.read(dir.resolve("pack.yaml")))
                .hasMessageStartingWith("pack.yaml:15: ").hasMessageContaining("cannot read terms file 'missing.txt'");
    }

    @Test
    void theShippedPackReads() {
        RulePack pack = RulePackReader.bankDefault();
        assertThat(pack.id()).isEqualTo("bank-default");
        assertThat(pack.rules()).extracting(Rule::category).contains("return-promise", "superlative", "pressure",
                "inducement", "deposit-insurance-false", "disparagement", "credit-misconduct", "credentials-request", "off-channel",
                "personal-data", "risk-notice-missing");
        assertThat(pack.rules()).allSatisfy(r -> {
            assertThat(r.legalBasis()).isNotBlank();
            assertThat(r.examples()).as(r.id() + " has examples of both kinds")
                    .anyMatch(Example::shouldFlag).anyMatch(x -> !x.shouldFlag());
        });
    }

    @Test
    void allOfContextsReadGroupsAndAContextErrorNamesEveryScope() {
        RulePack pack = read(VALID.replace("""
                  negation:
                    preceded-by: [不]
                """, """
                  negation:
                    preceded-by: [不]
                  notice-complete:
                    text-has-all:
                      - [有风险, 存在风险]
                      - 谨慎
                """).replace("      - negation\n", "      - negation\n      - notice-complete\n"));
        Context c = pack.rules().get(0).exceptions().get(1);
        assertThat(c.scope()).isEqualTo(Context.Scope.TEXT_HAS_ALL);
        assertThat(c.groups()).containsExactly(java.util.List.of("有风险", "存在风险"), java.util.List.of("谨慎"));
        assertThat(c.terms()).containsExactly("有风险", "存在风险", "谨慎");

        InvalidRulePackException e = invalid(VALID.replace("preceded-by: [不]", "preceeded-by: [不]"));
        assertThat(e.line()).isEqualTo(5);
        for (Context.Scope scope : Context.Scope.values()) assertThat(e.problem()).contains(scope.yamlName());
    }

    @Test
    void requestsNeedObjectsAndVerbs() {
        InvalidRulePackException e = invalid(VALID.replace("terms: [保本]", "requests:\n          - verbs: [发我]"));
        assertThat(e.problem()).contains("missing 'objects'");
        RulePack pack = read(VALID.replace("terms: [保本]", "requests:\n          - objects: [验证码]\n            verbs: [发我]\n            to: [您]\n            negation: negation"));
        NearSpec spec = pack.rules().get(0).near().get(0);
        assertThat(spec.groups()).extracting(NearSpec.Group::polarity)
                .containsExactly(NearSpec.Polarity.EITHER, NearSpec.Polarity.AFFIRMED, NearSpec.Polarity.EITHER);
        assertThat(spec.within()).isEqualTo(NearSpec.Within.CLAUSE);
    }
}
