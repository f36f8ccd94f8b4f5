package com.wecomassist.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The waits BlockHound may accept, each for a stated reason; everything else it reports fails the
 * test. Drawing from SecureRandom: on Linux the JDK reads /dev/urandom, which never waits once the
 * kernel's pool is initialised (long before a server starts). Lettuce's SharedLock: a command
 * parks only while its connection's endpoint is held exclusively for a moment (activation or
 * reconnect), which Lettuce's own reactive API accepts by design.
 */
public class ReadingUrandomIsNotBlocking implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
        builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
    }
}
