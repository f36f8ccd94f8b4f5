package com.wecomassist.compliance.bench;

import com.github.houbb.sensitive.word.core.SensitiveWordHelper;
import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.compliance.rules.TextKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One operation = checking every draft in {@link Drafts#TEXTS} once, single thread. The runner
 * ({@link ComplianceBenchmark}) turns operations per second into MB/s of UTF-8 input.
 *
 * <ul>
 *   <li>{@code fullCheck}: {@link ComplianceChecker#check} with the bank pack plus a pack holding
 *       the 65,143-term lexicon as one REVIEW rule: normalisation, one Aho-Corasick pass over all
 *       terms and anchors, patterns near anchors, personal-data detectors, exceptions, verdict.</li>
 *   <li>{@code bareAhoCorasick}: the same terms in hankcs' double-array trie, one pass over the raw
 *       text, nothing else (the ceiling).</li>
 *   <li>{@code naiveContains}: {@code String.contains} for every term.</li>
 *   <li>{@code sensitiveWordDefaults}: {@code SensitiveWordHelper.findAll} with the library's defaults.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:-BackgroundCompilation"})
@Threads(1)
public class CheckBenchmark {

    private List<String> drafts;
    private char[][] draftChars;
    private ComplianceChecker checker;
    private AhoCorasickDoubleArrayTrie<String> trie;
    private String[] terms;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        drafts = Drafts.TEXTS;
        draftChars = drafts.stream().map(String::toCharArray).toArray(char[][]::new);
        List<String> lexicon = Drafts.lexiconTerms();
        terms = lexicon.toArray(String[]::new);
        TreeMap<String, String> map = new TreeMap<>();
        for (String t : lexicon) map.put(t, t);
        trie = new AhoCorasickDoubleArrayTrie<>();
        trie.build(map);

        Path dir = Files.createTempDirectory("lexicon-pack");
        Files.writeString(dir.resolve("lexicon.yaml"), """
                pack: general-lexicon
                version: "bench"
                rules:
                  - id: general.sensitive-word
                    category: general-sensitive
                    description: 通用敏感词（基准测试用词表）
                    legal-basis: 机构内部内容安全要求
                    severity: low
                    action: REVIEW
                    applies-to: [ai-draft]
                    match:
                      terms-file: "%s"
                """.formatted(Drafts.lexicon().toString().replace("\\", "/")));
        RulePack lexiconPack = new RulePackReader().read(dir.resolve("lexicon.yaml"));
        checker = new ComplianceChecker(List.of(RulePackReader.bankDefault(), lexiconPack));
        SensitiveWordHelper.findAll("预热");
    }

    @Benchmark
    public void fullCheck(Blackhole bh) {
        for (String d : drafts) {
            Verdict v = checker.check(d, TextKind.AI_DRAFT);
            bh.consume(v);
        }
    }

    @Benchmark
    public void bareAhoCorasick(Blackhole bh) {
        for (char[] d : draftChars) {
            int[] count = new int[1];
            trie.parseText(d, (AhoCorasickDoubleArrayTrie.IHit<String>) (b, e, v) -> count[0]++);
            bh.consume(count[0]);
        }
    }

    @Benchmark
    public void naiveContains(Blackhole bh) {
        for (String d : drafts) {
            int count = 0;
            for (String t : terms) {
                if (d.contains(t)) count++;
            }
            bh.consume(count);
        }
    }

    @Benchmark
    public void sensitiveWordDefaults(Blackhole bh) {
        for (String d : drafts) {
            bh.consume(SensitiveWordHelper.findAll(d));
        }
    }
}
