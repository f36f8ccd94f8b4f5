package com.wecomassist.inbound.wecom;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Puts a {@link RecordingHandOff} in place of the real hand-off, so tests see what was taken. */
@TestConfiguration
class RecordingHandOffConfig {

    @Bean
    @Primary
    RecordingHandOff recordingHandOff() {
        return new RecordingHandOff();
    }
}
