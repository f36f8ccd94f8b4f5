package com.wecomassist.compliance.pii;

import com.hankcs.hanlp.HanLP;
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
            NANOS = System.nanoTime() - t0;
        }
    }

    /** Loads the dictionaries if this JVM has not yet; returns how long the load took (the same figure every call). */
    static Duration load() {
        return Duration.ofNanos(Loaded.NANOS);
    }

    static List<Word> of(String text) {
        List<Term> terms = Loaded.SEGMENT.seg(text);
        List<Word> out = new ArrayList<>(terms.size());
        for (Term t : terms) {
            String tag = t.nature == null ? "" : t.nature.toString();
            out.add(new Word(t.word, tag, t.offset, t.offset + t.word.length()));
        }
        return out;
    }
}
