package com.wecomassist.outbound;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a reply into parts of at most {@code maxBytes} UTF-8 bytes (WeCom counts bytes, not
 * characters: 2048 bytes is about 680 Chinese characters). Parts end on sentence boundaries where
 * possible, else on a line or a comma, and never inside a character.
 */
public final class MessageSplitter {

    /** kf/send_msg and message/send accept at most this many bytes of text. */
    public static final int WECOM_TEXT_LIMIT = 2048;

    private static final String SENTENCE_ENDS = "。！？!?\n；;…";
    private static final String WEAK_ENDS = "，,、：: ";

    private MessageSplitter() {
    }

    public static List<String> split(String text, int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("maxBytes must allow one character");
        }
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (utf8Length(rest) > maxBytes) {
            int cut = cutPoint(rest, maxBytes);
            String part = rest.substring(0, cut).strip();
            if (!part.isEmpty()) {
                parts.add(part);
            }
            rest = rest.substring(cut);
        }
        String last = rest.strip();
        if (!last.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The largest prefix length (in chars) that fits, preferring a sentence end, then a weak end. */
    private static int cutPoint(String text, int maxBytes) {
        int bytes = 0;
        int fits = 0;
        int sentence = -1;
        int weak = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = utf8Width(cp);
            if (bytes + width > maxBytes) {
                break;
            }
            bytes += width;
            i += Character.charCount(cp);
            fits = i;
            if (SENTENCE_ENDS.indexOf(cp) >= 0) {
                sentence = i;
            } else if (WEAK_ENDS.indexOf(cp) >= 0) {
                weak = i;
            }
        }
        // Only take a boundary that keeps the part reasonably full; otherwise cut hard.
        if (sentence > fits / 3) {
            return sentence;
        }
        if (weak > fits / 3) {
            return weak;
        }
        return Math.max(fits, 1);
    }

    private static int utf8Width(int cp) {
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        return cp < 0x10000 ? 3 : 4;
    }
}
