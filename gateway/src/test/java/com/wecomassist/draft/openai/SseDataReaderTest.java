package com.wecomassist.draft.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

class SseDataReaderTest {

    private static final String STREAM = ": keep-alive comment\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"您好，\"}}]}\n\n"
            + "event: message\r\nid: 7\r\ndata:{\"choices\":[{\"delta\":{\"content\":\"信用卡年费\"}}]}\r\n\r\n"
            + "data: first line\ndata: second line\nretry: 1000\n\n"
            + "data\n\n"
            + "\n\n"
            + "data: [DONE]\n\n";

    private static final List<String> EVENTS = List.of(
            "{\"choices\":[{\"delta\":{\"content\":\"您好，\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"信用卡年费\"}}]}",
            "first line\nsecond line",
            "",
            "[DONE]");

    @Test
    void readsTheDataOfEachEventIgnoringCommentsAndOtherFields() {
        assertThat(read(STREAM.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE)).isEqualTo(EVENTS);
    }

    @Test
    void buffersMaySplitLinesAnywhereEvenInsideAChineseCharacter() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= 17; size++) {
            assertThat(read(bytes, size)).as("buffers of %d bytes", size).isEqualTo(EVENTS);
        }
    }

    @Test
    void anEventTheBodyEndsInsideIsStillGiven() {
        assertThat(read("data: {\"a\":1}\n\ndata: [DONE]".getBytes(StandardCharsets.UTF_8), 5))
                .containsExactly("{\"a\":1}", "[DONE]");
        assertThat(read("data: x\n".getBytes(StandardCharsets.UTF_8), 100)).containsExactly("x");
    }

    @Test
    void fieldsThatOnlyStartLikeDataAreNotData() {
        assertThat(read("dataset: 1\ndat: 2\n\n: data: 3\n\n".getBytes(StandardCharsets.UTF_8), 100)).isEmpty();
    }

    @Test
    void aLongLineGrowsTheLineBuffer() {
        String big = "长".repeat(5000);
        assertThat(read(("data: " + big + "\n\n").getBytes(StandardCharsets.UTF_8), 1000)).containsExactly(big);
    }

    private static List<String> read(byte[] bytes, int bufferSize) {
        SseDataReader reader = new SseDataReader();
        List<String> events = new ArrayList<>();
        DefaultDataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;
        for (int at = 0; at < bytes.length; at += bufferSize) {
            int n = Math.min(bufferSize, bytes.length - at);
            DataBuffer buffer = factory.allocateBuffer(n);
            buffer.write(bytes, at, n);
            events.addAll(reader.feed(buffer));
        }
        events.addAll(reader.finish());
        return events;
    }
}
