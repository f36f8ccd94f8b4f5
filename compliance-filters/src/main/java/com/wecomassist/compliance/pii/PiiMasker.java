package com.wecomassist.compliance.pii;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;

/**
 * The two ways personal data is hidden:
 * <ul>
 *   <li>{@link #mask(String)} for display and logs: digits replaced by {@code *} except the last
 *   four (enough for a customer or agent to recognise their own card), the local part of an
 *   e-mail address reduced to its first character. Not reversible.</li>
 *   <li>{@link #pseudonymise(String)} for text that leaves the bank: each distinct value becomes a
 *   numbered placeholder such as {@code [身份证1]}, and {@link PseudonymisedText#restore(String)}
 *   puts the values back into the answer.</li>
 * </ul>
 * Besides the numbers and e-mail addresses of the {@link PiiDetector}, it finds person names and
 * street-level addresses in Chinese text (HanLP's name and place recognition plus cues and address
 * patterns) and ID-shaped numbers whose check character is wrong. The first masker of a JVM loads
 * HanLP's dictionaries in its constructor (about 0.7 s, 50–60 MB of heap): build it at start-up,
 * never on a reactive thread. After that {@link #mask} and {@link #pseudonymise} are CPU only
 * (about 0.1–0.5 ms for a customer message; figures in the README). Thread-safe.
 */
public final class PiiMasker {

    /** Clean texts a long-running server remembers (see the constructor): about 1.5 MB of digests. */
    public static final int SERVER_CLEAN_TEXTS = 10_000;

    private final PiiDetector detector;
    /** SHA-256 of recent texts in which nothing was found (null: none remembered); see the constructor. */
    private final Map<String, Boolean> clean;
    private final LongAdder cleanRemembered = new LongAdder();

    /** Masker over {@code detector}'s numbers and e-mail, plus names and addresses; loads HanLP if this JVM has not. */
    public PiiMasker(PiiDetector detector) {
        this(detector, 0);
    }

    /**
     * A masker that also remembers the {@code rememberedCleanTexts} most recent distinct texts in
     * which it found nothing, and finds nothing in them again without looking: customers ask the same
     * short questions over and over and the bot gives the same answers, and finding names and
     * addresses (HanLP's segmentation) is most of the cost of a text. Only each text's SHA-256 is
     * kept, never the text, and nothing about texts that hold personal data.
     */
    public PiiMasker(PiiDetector detector, int rememberedCleanTexts) {
        if (rememberedCleanTexts < 0) {
            throw new IllegalArgumentException("remembered clean texts must not be negative");
        }
        this.detector = detector;
        this.clean = rememberedCleanTexts == 0 ? null
                : new LinkedHashMap<>(Math.min(rememberedCleanTexts, 1024), 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > rememberedCleanTexts;
                    }
                };
        ChineseWords.load();
    }

    /** Texts found clean from memory since this masker was built (0 unless it remembers clean texts). */
    public long cleanTextsRemembered() {
        return cleanRemembered.sum();
    }

    /** How long this JVM took to load HanLP's dictionaries (done by the first masker built). */
    public static Duration dictionaryLoadTime() {
        return ChineseWords.load();
    }

    /** Masker over {@link PiiDetector#standard()}. */
    public static PiiMasker standard() {
        return new PiiMasker(PiiDetector.standard());
    }

    public PiiDetector detector() {
        return detector;
    }

    /**
     * All personal data in {@code text}, in order, never overlapping: the detector's numbers and
     * e-mail first, then addresses, then names (a name inside an address, 王庄村, is the address).
     */
    public List<PiiMatch> find(String text) {
        if (clean == null) {
            return look(text);
        }
        String key = digest(text);
        synchronized (clean) {
            if (clean.get(key) != null) {
                cleanRemembered.increment();
                return List.of();
            }
        }
        List<PiiMatch> found = look(text);
        if (found.isEmpty()) {
            synchronized (clean) {
                clean.put(key, Boolean.TRUE);
            }
        }
        return found;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private List<PiiMatch> look(String text) {
        List<PiiMatch> numbers = detector.find(text);
        if (!hasHan(text)) return numbers;
        List<ChineseWords.Word> words = ChineseWords.of(text);
        List<PiiMatch> all = new ArrayList<>(numbers);
        for (PiiMatch a : Addresses.find(text, words)) {
            PiiMatch clipped = clipBefore(a, numbers);
            if (clipped != null) all.add(clipped);
        }
        for (PiiMatch n : PersonNames.find(text, words, numbers)) {
            if (!overlapsAny(n, all)) all.add(n);
        }
        if (all.size() == numbers.size()) return numbers;
        all.sort((x, y) -> Integer.compare(x.start(), y.start()));
        return all;
    }

    /** An address that runs into a number found by the detector (阳光花园3栋 13812345678) ends before it. */
    private static PiiMatch clipBefore(PiiMatch a, List<PiiMatch> numbers) {
        int end = a.end();
        for (PiiMatch n : numbers) {
            if (n.start() < end && n.end() > a.start()) {
                if (n.start() <= a.start()) return null;
                end = n.start();
            }
        }
        if (end == a.end()) return a;
        while (end > a.start() && Character.isWhitespace(a.value().charAt(end - 1 - a.start()))) end--;
        String value = a.value().substring(0, end - a.start());
        return new PiiMatch(a.kind(), a.start(), end, value, value.replaceAll("\\s+", ""),
                value.startsWith(a.detail()) ? a.detail() : "");
    }

    private static boolean overlapsAny(PiiMatch m, List<PiiMatch> others) {
        for (PiiMatch o : others) {
            if (o.start() < m.end() && o.end() > m.start()) return true;
        }
        return false;
    }

    private static boolean hasHan(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\u4e00' && c <= '\u9fff') return true;
        }
        return false;
    }

    /** {@code text} with every piece of personal data masked, last four digits kept. */
    public String mask(String text) {
        List<PiiMatch> found = find(text);
        if (found.isEmpty()) return text;
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        for (PiiMatch m : found) {
            out.append(text, last, m.start()).append(maskValue(m));
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    /**
     * The masked form of one finding: {@code 6222********1234}, {@code z***@bank.com}, {@code 张**}
     * (surname kept), {@code 北京市朝阳区*********} (province, city and district kept).
     */
    public static String maskValue(PiiMatch m) {
        String v = m.value();
        StringBuilder b = new StringBuilder(v);
        if (m.kind() == PiiKind.PERSON_NAME || m.kind() == PiiKind.ADDRESS) {
            int kept = m.kind() == PiiKind.PERSON_NAME ? PersonNames.surnameLength(v)
                    : v.startsWith(m.detail()) ? m.detail().length() : 0;
            for (int i = kept; i < v.length(); i++) {
                if (!Character.isWhitespace(v.charAt(i))) b.setCharAt(i, '*');
            }
            return b.toString();
        }
        if (m.kind() == PiiKind.EMAIL) {
            int at = Math.max(v.indexOf('@'), v.indexOf('＠'));
            for (int i = 1; i < at; i++) b.setCharAt(i, '*');
            return b.toString();
        }
        int kept = 0;
        for (int i = v.length() - 1; i >= 0; i--) {
            char c = v.charAt(i);
            boolean significant = PiiDetector.isDigit(c) || c == 'X' || c == 'x';
            if (!significant) continue;
            if (kept < 4) {
                kept++;
            } else {
                b.setCharAt(i, '*');
            }
        }
        return b.toString();
    }

    /**
     * Replaces each distinct value with a numbered placeholder per kind ({@code [银行卡1]},
     * {@code [银行卡2]}); the same number written twice gets the same placeholder, so the model
     * can still tell that two mentions are the same card. Numbering skips placeholders already
     * present in the text, so a customer who types {@code [身份证1]} cannot collide with a real one.
     */
    public PseudonymisedText pseudonymise(String text) {
        List<PiiMatch> found = find(text);
        if (found.isEmpty()) return new PseudonymisedText(text, Map.of());
        Map<PiiKind, Integer> counters = new EnumMap<>(PiiKind.class);
        Matcher existing = PiiKind.PLACEHOLDER.matcher(text);
        while (existing.find()) {
            PiiKind k = PiiKind.fromLabel(existing.group(1));
            counters.merge(k, Integer.parseInt(existing.group(2)), Math::max);
        }
        Map<String, String> byKey = new HashMap<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        for (PiiMatch m : found) {
            String key = m.kind() + ":" + m.key();
            String placeholder = byKey.get(key);
            if (placeholder == null) {
                int n = counters.merge(m.kind(), 1, Integer::sum);
                placeholder = "[" + m.kind().label() + n + "]";
                byKey.put(key, placeholder);
                mapping.put(placeholder, m.value());
            }
            out.append(text, last, m.start()).append(placeholder);
            last = m.end();
        }
        out.append(text, last, text.length());
        return new PseudonymisedText(out.toString(), mapping);
    }
}
