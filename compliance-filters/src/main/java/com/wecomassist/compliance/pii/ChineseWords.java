package com.wecomassist.compliance.pii;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Chinese words with their part of speech, from HanLP's segmenter with person- and place-name
 * recognition (the portable build: dictionaries inside its jar). HanLP reads its dictionaries on
 * first use (about 0.7 s and 50–60 MB of heap here); {@link #load()} does that once per JVM, at
 * start-up, so the first customer message does not read files on a reactive thread. After loading,
 * a segmentation is CPU only and the shared segmenter is safe to use from several threads (each
 * call builds its own word lattice).
 */
final class ChineseWords {

    /** One word: its characters, HanLP's part-of-speech tag ({@code nr} person name, {@code ns} place, ...) and span. */
    record Word(String text, String tag, int start, int end) {

        boolean tagged(String prefix) {
            return tag.startsWith(prefix);
        }

        int length() {
            return end - start;
        }
    }

    private ChineseWords() {
    }

    /** Class initialisation is the JVM's once-only, thread-safe lock around the dictionary load. */
    private static final class Loaded {
        static final long NANOS;
        static final Segment SEGMENT;
        /** The same segmenter without name and place recognition: the dictionary's reading of a text. */
        static final Segment DICTIONARY_ONLY;

        static {
            long t0 = System.nanoTime();
            Segment s = HanLP.newSegment()
                    .enableNameRecognize(true)
                    .enablePlaceRecognize(true)
                    .enableOffset(true);
            // HanLP loads the person, place and transliterated-name dictionaries lazily, at the first
            // text that needs them: this text makes it load them all now (checked with -verbose:class
            // over the labelled sets: no HanLP class is loaded after it).
            s.seg("我叫王小明，住在北京市朝阳区建国路88号，约翰·史密斯先生也在");
            SEGMENT = s;
            Segment plain = HanLP.newSegment().enableNameRecognize(false).enablePlaceRecognize(false).enableOffset(true);
            plain.seg("账户安全小知识");
            DICTIONARY_ONLY = plain;
            NANOS = System.nanoTime() - t0;
        }
    }

    /** Loads the dictionaries if this JVM has not yet; returns how long the load took (the same figure every call). */
    static Duration load() {
        return Duration.ofNanos(Loaded.NANOS);
    }

    static List<Word> of(String text) {
        return words(Loaded.SEGMENT.seg(text));
    }

    /**
     * The words of {@code text} as the dictionary alone reads them (no person or place
     * recognition): where a name HanLP recognised is really part of ordinary words (安全小|知识 is
     * 安全|小|知识 to the dictionary).
     */
    static List<Word> dictionaryWords(String text) {
        return words(Loaded.DICTIONARY_ONLY.seg(text));
    }

    /**
     * Occurrences in HanLP's core dictionary (counted on its training corpus) from which a word is
     * taken as an everyday word: 安全 373, 金额 41, 温馨 27, 常见 12; words that start real names
     * are rare there (陆海 1, 王国 7, 高明 7).
     */
    static final int ORDINARY_WORD_FREQUENCY = 10;

    /**
     * Whether the core dictionary knows {@code word} as a frequent word that is never a person's or
     * a proper name ({@code nr}, {@code nz}): 安全 is, 叶子 (also {@code nr}) and 建国 ({@code nz}) are not.
     */
    static boolean isOrdinaryWord(String word) {
        CoreDictionary.Attribute a = CoreDictionary.get(word);
        if (a == null || a.totalFrequency < ORDINARY_WORD_FREQUENCY) return false;
        for (Nature n : a.nature) {
            if (n.startsWith("nr") || n.startsWith("nz")) return false;
        }
        return true;
    }

    private static List<Word> words(List<Term> terms) {
        List<Word> out = new ArrayList<>(terms.size());
        for (Term t : terms) {
            String tag = t.nature == null ? "" : t.nature.toString();
            out.add(new Word(t.word, tag, t.offset, t.offset + t.word.length()));
        }
        return out;
    }
}
