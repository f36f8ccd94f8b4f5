package com.wecomassist.optout.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.optout.OptOut;
import com.wecomassist.optout.OptOuts;
import com.wecomassist.optout.memory.InMemoryOptOuts;
import com.wecomassist.optout.redis.RedisOptOuts;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The suppression list's contract, for the in-memory and the Redis adapter. */
class OptOutsContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T = Instant.parse("2026-12-07T04:00:00Z");

    abstract static class Contract {

        abstract OptOuts optOuts();

        private static OptOut out(String customer, Instant at) {
            return new OptOut(customer, OptOut.Source.STAFF, "asked on the phone", "carol", at);
        }

        @Test
        void anOptOutIsKeptUntilTheCustomerOptsBackIn() {
            OptOuts optOuts = optOuts();
            assertThat(optOuts.isOptedOut("wm1").block(WAIT)).isFalse();
            assertThat(optOuts.optOut(out("wm1", T)).block(WAIT)).isEqualTo(OptOut.Change.APPLIED);
            assertThat(optOuts.optOutOf("wm1").block(WAIT)).isEqualTo(out("wm1", T));
            assertThat(optOuts.isOptedOut("wm1").block(WAIT)).isTrue();
            assertThat(optOuts.isOptedOut("wm2").block(WAIT)).isFalse();

            assertThat(optOuts.optIn("wm1", T.plusSeconds(60)).block(WAIT)).isEqualTo(OptOut.Change.APPLIED);
            assertThat(optOuts.optOutOf("wm1").blockOptional(WAIT)).isEmpty();
            assertThat(optOuts.optIn("wm1", T.plusSeconds(90)).block(WAIT)).isEqualTo(OptOut.Change.UNCHANGED);
            assertThat(optOuts.optIn("never", T).block(WAIT)).isEqualTo(OptOut.Change.UNCHANGED);
        }

        @Test
        void theFirstOptOutIsKeptAndAReasonMayBeMissing() {
            OptOuts optOuts = optOuts();
            OptOut first = new OptOut("wm1", OptOut.Source.CUSTOMER_MESSAGE, null, "customer", T);
            assertThat(optOuts.optOut(first).block(WAIT)).isEqualTo(OptOut.Change.APPLIED);
            assertThat(optOuts.optOut(out("wm1", T.plusSeconds(5))).block(WAIT)).isEqualTo(OptOut.Change.UNCHANGED);
            assertThat(optOuts.optOutOf("wm1").block(WAIT)).isEqualTo(first);
        }

        @Test
        void aChangeOlderThanTheLastIsStaleWhicheverOrderTheyArrive() {
            OptOuts optOuts = optOuts();
            optOuts.optOut(out("wm1", T)).block(WAIT);
            assertThat(optOuts.optIn("wm1", T.minusSeconds(1)).block(WAIT)).as("an opt-in from before the opt-out")
                    .isEqualTo(OptOut.Change.STALE);
            assertThat(optOuts.isOptedOut("wm1").block(WAIT)).isTrue();
            optOuts.optIn("wm1", T.plusSeconds(60)).block(WAIT);
            assertThat(optOuts.optOut(out("wm1", T.plusSeconds(30))).block(WAIT)).as("an opt-out from before the opt-in")
                    .isEqualTo(OptOut.Change.STALE);
            assertThat(optOuts.isOptedOut("wm1").block(WAIT)).isFalse();
            assertThat(optOuts.optOut(out("wm1", T.plusSeconds(61))).block(WAIT)).isEqualTo(OptOut.Change.APPLIED);
        }

        @Test
        void manyInstancesOptingOneCustomerOutAtOnceApplyItOnce() {
            OptOuts optOuts = optOuts();
            List<OptOut.Change> changes = Flux.range(0, 16).flatMap(i -> optOuts.optOut(out("hot", T.plusSeconds(i))))
                    .collectList().block(WAIT);
            assertThat(changes).filteredOn(c -> c == OptOut.Change.APPLIED).hasSize(1);
        }

        @Test
        void theListIsPagedInCustomerOrderWithoutThoseOptedBackIn() {
            OptOuts optOuts = optOuts();
            for (String customer : List.of("wm3", "wm1", "wm4", "wm2")) {
                optOuts.optOut(out(customer, T)).block(WAIT);
            }
            optOuts.optIn("wm3", T.plusSeconds(1)).block(WAIT);
            assertThat(optOuts.page(null, 2).block(WAIT)).extracting(OptOut::externalUserId).containsExactly("wm1", "wm2");
            assertThat(optOuts.page("wm2", 2).block(WAIT)).extracting(OptOut::externalUserId).containsExactly("wm4");
            assertThat(optOuts.page("wm4", 2).block(WAIT)).isEmpty();
        }
    }

    @Nested
    class InMemory extends Contract {
        final OptOuts optOuts = new InMemoryOptOuts();

        @Override
        OptOuts optOuts() {
            return optOuts;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final OptOuts optOuts = new RedisOptOuts(RedisTestServer.template(), RedisTestServer.freshPrefix());

        @Override
        OptOuts optOuts() {
            return optOuts;
        }
    }
}
