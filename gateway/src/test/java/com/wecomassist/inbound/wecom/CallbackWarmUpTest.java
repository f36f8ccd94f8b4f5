package com.wecomassist.inbound.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.LocalServerAddress;
import com.wecomassist.inbound.InboundProperties;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the callback warm-up runs (what it does: {@code WecomCallbackEndpointTest}). */
class CallbackWarmUpTest {

    static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    @Test
    void warmsUpOnlyARealAccountWithCallbacksAndTimeToDoIt() {
        assertThat(warmUp(true, 20_000, Duration.ofSeconds(5)).wanted()).isTrue();
        // the simulator's callbacks come at a person's pace: nothing to gain, a later start to lose
        assertThat(warmUp(false, 20_000, Duration.ofSeconds(5)).wanted()).isFalse();
        assertThat(warmUp(true, 0, Duration.ofSeconds(5)).wanted()).isFalse();
        assertThat(warmUp(true, 20_000, Duration.ZERO).wanted()).isFalse();
    }

    @Test
    void waitsForTheCompilerNoLongerThanAllowed() {
        long waited = CallbackWarmUp.awaitCompilerQuiet(Duration.ofMillis(500));

        assertThat(waited).isLessThan(1_500);
    }

    private static CallbackWarmUp warmUp(boolean realAccount, int callbacks, Duration time) {
        WecomAccount account = new WecomAccount("wx5823bf96d3bd56c7", "QDG6eK", KEY, "secret", null,
                () -> "http://127.0.0.1:1", !realAccount);
        return new CallbackWarmUp(new WecomCallbackCrypto("QDG6eK", KEY, "wx5823bf96d3bd56c7"), null, account,
                new LocalServerAddress(), new InboundProperties(10_000, 3, Duration.ofSeconds(1), callbacks, time),
                Clock.systemUTC());
    }
}
