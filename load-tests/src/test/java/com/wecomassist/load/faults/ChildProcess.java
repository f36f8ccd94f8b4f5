package com.wecomassist.load.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server the fault suite starts as a process of its own so that it can be killed the way a machine
 * dies ({@code kill -9}), frozen ({@code kill -STOP}: its port stays open and answers nothing, like a
 * host that is unreachable), and started again with the same command, port and data.
 */
class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Path log;
    private final File dir;
    private Process process;

    ChildProcess(String name, List<String> command, Path log, File dir) {
        this.name = name;
        this.command = command;
        this.log = log;
        this.dir = dir;
    }

    void start() {
        try {
            process = new ProcessBuilder(command).directory(dir).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    /** {@code kill -9}: no shutdown hook, no goodbye to Kafka or Redis. */
    void kill9() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Freezes the process (SIGSTOP): connections stay open and nothing is answered. */
    void freeze() {
        signal("STOP");
    }

    void thaw() {
        signal("CONT");
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            thaw();
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until something accepts connections on the port (or fails saying what did not start). */
    void awaitPort(int port, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited while starting; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + within + "; see " + log);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
