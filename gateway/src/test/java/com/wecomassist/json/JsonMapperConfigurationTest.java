package com.wecomassist.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonEncoder;

/**
 * The JSON encoder WebFlux uses writes a body without allocating a new buffer recycler each time (Spring
 * Framework 7.0.8's encoder never hands its recycler back to Jackson 3's default pool: ≈ 18 KB a body).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class JsonMapperConfigurationTest {

    @Autowired
    ServerCodecConfigurer codecs;

    @Test
    void theCodecsJsonEncoderRecyclesItsBuffers() {
        JacksonJsonEncoder encoder = codecs.getWriters().stream()
                .filter(EncoderHttpMessageWriter.class::isInstance)
                .map(writer -> ((EncoderHttpMessageWriter<?>) writer).getEncoder())
                .filter(JacksonJsonEncoder.class::isInstance).map(JacksonJsonEncoder.class::cast)
                .findFirst().orElseThrow();
        Map<String, Object> body = Map.of("touser", "wm-customer", "msgtype", "text",
                "text", Map.of("content", "您好，手机银行转账单日限额为20万元。"), "tags", List.of("a", "b"));
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        ResolvableType type = ResolvableType.forClass(Map.class);

        Runnable encodeOnce = () -> {
            DataBuffer written = encoder.encodeValue(body, buffers, type, MediaType.APPLICATION_JSON, Map.of());
            assertThat(written.readableByteCount()).isGreaterThan(50);
            DataBufferUtils.release(written);
        };
        for (int i = 0; i < 2_000; i++) {
            encodeOnce.run(); // past the first allocations and the JIT's early code
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int encodes = 5_000;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < encodes; i++) {
            encodeOnce.run();
        }
        long perEncode = (threads.getThreadAllocatedBytes(thread) - before) / encodes;

        // a fresh recycler's buffers alone are 8 KB (bytes) + 4 KB (chars, twice the bytes); the body itself ≈ 1-3 KB
        assertThat(perEncode).as("bytes allocated per encoded body").isLessThan(6_000);
    }
}
