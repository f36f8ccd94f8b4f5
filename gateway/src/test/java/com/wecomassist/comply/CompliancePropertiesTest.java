package com.wecomassist.comply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompliancePropertiesTest {

    @Test
    void theJudgeFollowsTheModelUnlessSetAndCannotBeOnWithoutOne() {
        ComplianceProperties.Judge unset = new ComplianceProperties.Judge(null, Duration.ofSeconds(5));
        assertThat(unset.enabledWith(true)).isTrue();
        assertThat(unset.enabledWith(false)).isFalse();
        assertThat(new ComplianceProperties.Judge(false, Duration.ofSeconds(5)).enabledWith(true)).isFalse();
        assertThatThrownBy(() -> new ComplianceProperties.Judge(true, Duration.ofSeconds(5)).enabledWith(false))
                .hasMessageContaining("assist.compliance.judge.enabled=true needs a model");
    }

    @Test
    void defaultsAndBadValues() {
        ComplianceProperties d = ComplianceProperties.defaults();
        assertThat(d.checkThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(d.checkQueue()).isEqualTo(10_000);
        assertThat(d.semantic().enabled()).isTrue();
        assertThat(d.semantic().vectorFile()).isEqualTo("./data/compliance/exemplar-vectors.bin");
        assertThat(d.judge().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new ComplianceProperties(500, 0, 10, null, null, 0.1, "", java.time.Duration.ofSeconds(5), null))
                .hasMessageContaining("assist.compliance.check-threads");
        assertThatThrownBy(() -> new ComplianceProperties(500, 2, 0, null, null, 0.1, "", java.time.Duration.ofSeconds(5), null))
                .hasMessageContaining("assist.compliance.check-queue");
        assertThatThrownBy(() -> new ComplianceProperties.Judge(null, Duration.ZERO))
                .hasMessageContaining("assist.compliance.judge.timeout");
    }
}
