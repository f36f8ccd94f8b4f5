package com.wecomassist.draft.openai;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * The {@code data} of each server-sent event in a byte stream, read straight from the response's
 * buffers. A model's answer comes as dozens of events (a token or a few each); Spring's
 * {@code ServerSentEvent} reader decodes every line to a String, buffers the lines of an event in a
 * list and builds an event object with its id, type, retry and comment, which was a measurable part of
 * the event loops' CPU per reply. This keeps only what the client reads: the data lines, joined by
 * {@code \n} as the SSE format says.
 *
 * <p>Lines end at {@code \n} or {@code \r\n}; an event ends at an empty line; lines starting with
 * {@code :} are comments; {@code data:} drops one space after the colon; other fields ({@code event},
 * {@code id}, {@code retry}) are ignored. A line may be split across buffers anywhere, inside a UTF-8
 * character too: bytes are decoded only once a line is whole. An event still open when the body ends
 * is given too (as Spring's reader does), so a server that omits the last blank line loses nothing.
 * Not thread-safe: one reader per response, fed in order.
 */
final class SseDataReader {

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    /** The line being read, when a buffer ended inside it. */
    private byte[] line = new byte[256];
    private int lineLength;
    /** The data lines of the event being read, joined by \n; null while it has none. */
    private StringBuilder data;

    /** The data of the events completed by {@code buffer}'s bytes; the buffer is read, not released. */
    List<String> feed(DataBuffer buffer) {
        List<String> events = null;
        int readable = buffer.readableByteCount();
        int start = buffer.readPosition();
        for (int i = 0; i < readable; i++) {
            byte b = buffer.getByte(start + i);
            if (b != '\n') {
                append(b);
                continue;
            }
            String event = endLine();
            if (event != null) {
                if (events == null) {
                    events = new ArrayList<>(2);
                }
                events.add(event);
            }
        }
        return events == null ? List.of() : events;
    }

    /** The data of an event the body ended inside, if any. */
    List<String> finish() {
        if (lineLength > 0) {
            endLine();
        }
        if (data == null) {
            return List.of();
        }
        String last = data.toString();
        data = null;
        return List.of(last);
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    /** Takes the line just ended; the data of an event when the line was the empty one ending it. */
    private String endLine() {
        int length = lineLength;
        lineLength = 0;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (length == 0) {
            if (data == null) {
                return null;
            }
            String event = data.toString();
            data = null;
            return event;
        }
        if (line[0] == ':' || !startsWithData(length)) {
            return null;
        }
        int from = DATA.length;
        if (length > from) {
            from++; // the colon
            if (from < length && line[from] == ' ') {
                from++;
            }
        }
        String value = new String(line, from, length - from, StandardCharsets.UTF_8);
        if (data == null) {
            data = new StringBuilder(value);
        } else {
            data.append('\n').append(value);
        }
        return null;
    }

    /** The field is {@code data}: the line is "data" alone or "data:" and a value. */
    private boolean startsWithData(int length) {
        if (length < DATA.length) {
            return false;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (line[i] != DATA[i]) {
                return false;
            }
        }
        return length == DATA.length || line[DATA.length] == ':';
    }
}
