package com.wecomassist.testing;

import java.io.IOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because something it waited for never came (a request never answered, a
 * condition never met), writes every thread of this JVM with its full stack and CPU time to
 * {@code target/thread-dumps/}: a suite that stalls on another machine (CI) then says where, instead
 * of only that it did. A thread spinning on a core shows by its CPU time; a wedged event loop by its
 * stack. At most a few dumps per JVM (a stalled context fails many tests the same way). Registered
 * for every test by JUnit's extension auto-detection (junit-platform.properties); the failure
 * itself is passed on unchanged. {@code .ci/run} prints the first dump when the tests fail.
 */
public class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

    private static final int MAX_DUMPS = 3;

    /** One instance for the whole run: auto-detected extensions are registered once, for every test. */
    private final AtomicInteger dumps = new AtomicInteger();
    private final Path dir;

    public ThreadDumpOnTimeout() {
        this(Path.of("target", "thread-dumps"));
    }

    ThreadDumpOnTimeout(Path dir) {
        this.dir = dir;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (waitedInVain(failure) && dumps.getAndIncrement() < MAX_DUMPS) {
            try {
                write(context.getRequiredTestClass().getName() + "." + context.getRequiredTestMethod().getName(),
                        failure);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    /** A timeout anywhere in the cause chain: Reactor's block(), WebTestClient, Awaitility, JUnit's own. */
    static boolean waitedInVain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof TimeoutException || name.endsWith("ConditionTimeoutException")
                    || (t.getMessage() != null && t.getMessage().startsWith("Timeout on blocking read"))) {
                return true;
            }
        }
        return false;
    }

    private void write(String test, Throwable failure) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder();
        out.append("thread dump at ").append(Instant.now()).append(", after ").append(test).append(" failed: ")
                .append(failure).append("\n\n");
        ThreadInfo[] all = threads.dumpAllThreads(true, true);
        // the busiest first: a spinning thread is the likeliest culprit
        Arrays.sort(all, Comparator.comparingLong((ThreadInfo t) -> -cpuNanos(threads, t.getThreadId())));
        for (ThreadInfo t : all) {
            out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState())
                    .append(" cpu=").append(cpuNanos(threads, t.getThreadId()) / 1_000_000).append("ms");
            LockInfo lock = t.getLockInfo();
            if (lock != null) {
                out.append(" waiting on ").append(lock);
                if (t.getLockOwnerName() != null) {
                    out.append(" held by \"").append(t.getLockOwnerName()).append('"');
                }
            }
            out.append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
            out.append('\n');
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(dumps.get() + "-" + test.replaceAll("[^A-Za-z0-9.$_-]", "_") + ".txt"),
                out, StandardCharsets.UTF_8);
    }

    private static long cpuNanos(ThreadMXBean threads, long id) {
        try {
            return Math.max(0, threads.getThreadCpuTime(id));
        } catch (UnsupportedOperationException e) {
            return 0;
        }
    }
}
