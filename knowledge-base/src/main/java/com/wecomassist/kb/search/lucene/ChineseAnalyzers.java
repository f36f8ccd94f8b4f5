package com.wecomassist.kb.search.lucene;

import com.wecomassist.kb.search.ChineseAnalysis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Builds the analyzers behind {@link ChineseAnalysis}. Each is a short chain: character
 * normalisation first (full-width to half-width, banking synonyms to one spelling), then a
 * tokenizer, then filters.
 */
public final class ChineseAnalyzers {

    private static final String SYNONYMS = "/com/wecomassist/kb/banking-synonyms.txt";

    private ChineseAnalyzers() {
    }

    public static Analyzer create(ChineseAnalysis analysis) {
        return switch (analysis) {
            case SMARTCN -> new SmartChineseAnalyzer(CharArraySet.EMPTY_SET);
            case CJK_BIGRAM -> new BigramAnalyzer(null, false);
            case BANKING -> new BigramAnalyzer(synonymMap(), true);
            case BANKING_WORDS -> new WordAnalyzer(synonymMap());
        };
    }

    /** The tokens an analyzer produces for a text, in order (used for overlap features and tests). */
    public static List<String> tokens(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The banking synonym table: each line {@code canonical: variant, variant, ...}. Variants are
     * rewritten to the canonical spelling before tokenisation, on both the indexed and the query side.
     */
    public static Map<String, String> synonyms() {
        Map<String, String> map = new LinkedHashMap<>();
        try (InputStream in = ChineseAnalyzers.class.getResourceAsStream(SYNONYMS)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SYNONYMS);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String canonical = line.substring(0, colon).strip();
                for (String v : line.substring(colon + 1).split(",")) {
                    if (!v.isBlank()) {
                        map.put(v.strip(), canonical);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }

    private static NormalizeCharMap synonymMap() {
        Map<String, String> rules = new LinkedHashMap<>();
        synonyms().forEach((variant, canonical) -> {
            rules.putIfAbsent(variant, canonical);
            // Latin variants are matched case-insensitively: add the lower-case spelling too.
            rules.putIfAbsent(variant.toLowerCase(java.util.Locale.ROOT), canonical);
        });
        NormalizeCharMap.Builder b = new NormalizeCharMap.Builder();
        rules.forEach((variant, canonical) -> {
            if (!variant.equals(canonical)) {
                b.add(variant, canonical);
            }
        });
        return b.build();
    }

    /** HMM word segmentation (the tokenizer inside SmartChineseAnalyzer) after synonym rewriting. */
    private static final class WordAnalyzer extends Analyzer {
        private final NormalizeCharMap synonyms;

        WordAnalyzer(NormalizeCharMap synonyms) {
            this.synonyms = synonyms;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new MappingCharFilter(synonyms, new CJKWidthCharFilter(reader));
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer();
            return new TokenStreamComponents(source, new LowerCaseFilter(source));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }

    /** StandardTokenizer splits Han text into single characters; the bigram filter pairs them. */
    private static final class BigramAnalyzer extends Analyzer {
        private final NormalizeCharMap synonyms;
        private final boolean unigrams;

        BigramAnalyzer(NormalizeCharMap synonyms, boolean unigrams) {
            this.synonyms = synonyms;
            this.unigrams = unigrams;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            Reader r = new CJKWidthCharFilter(reader);
            return synonyms == null ? r : new MappingCharFilter(synonyms, r);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream ts = new LowerCaseFilter(source);
            ts = new CJKBigramFilter(ts, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
                    | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, unigrams);
            return new TokenStreamComponents(source, ts);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }
}
