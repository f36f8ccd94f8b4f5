package com.wecomassist.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound that drawing from SecureRandom is fine on an event loop: on Linux the JDK reads
 * /dev/urandom, which never waits once the kernel's pool is initialised (long before a server
 * starts). Everything else BlockHound reports fails the test.
 */
public class ReadingUrandomIsNotBlocking implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
        builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
    }
}
