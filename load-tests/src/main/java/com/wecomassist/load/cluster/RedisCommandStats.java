package com.wecomassist.load.cluster;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Redis did during a run: its {@code INFO commandstats} (calls per command) read before and after
 * over a bare RESP socket (one command, no client library), and the difference. The counters are the
 * server's: anything else using the same Redis during the run is counted too (the report says so).
 */
public final class RedisCommandStats {

    private static final Pattern COMMAND = Pattern.compile("^cmdstat_([^:]+):calls=(\\d+)");

    private RedisCommandStats() {
    }

    /** Calls per command so far, from the server at {@code redis://host:port}. */
    public static Map<String, Long> read(String redisUrl) {
        return parse(info(redisUrl, "commandstats"));
    }

    /** Bytes the server uses for its data ({@code used_memory} of {@code INFO memory}); the whole server, every database. */
    public static long usedMemory(String redisUrl) {
        return usedMemoryOf(info(redisUrl, "memory"));
    }

    static long usedMemoryOf(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).strip());
            }
        }
        return -1;
    }

    /** One section of {@code INFO}, as the server gives it. */
    static String info(String redisUrl, String section) {
        URI uri = URI.create(redisUrl);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(command("INFO", section));
            out.flush();
            return readReply(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read INFO " + section + " from " + redisUrl, e);
        }
    }

    /** A RESP array of bulk strings. */
    static byte[] command(String... words) {
        StringBuilder b = new StringBuilder("*").append(words.length).append("\r\n");
        for (String w : words) {
            b.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one reply: a bulk string ({@code $n}), or fails with the server's error ({@code -ERR …}). */
    static String readReply(InputStream in) throws IOException {
        String header = line(in);
        if (header.startsWith("-")) {
            throw new IOException("redis answered " + header);
        }
        if (!header.startsWith("$")) {
            throw new IOException("expected a bulk string from redis, got " + header);
        }
        int length = Integer.parseInt(header.substring(1));
        if (length < 0) {
            return "";
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("redis closed the connection mid-reply");
        }
        line(in);
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                int next = in.read();
                if (next == '\n') {
                    break;
                }
                b.write(c);
                c = next;
                if (c == -1) {
                    break;
                }
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** {@code cmdstat_get:calls=12,usec=…} lines → command → calls. */
    static Map<String, Long> parse(String info) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            Matcher m = COMMAND.matcher(line.trim());
            if (m.find()) {
                calls.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return calls;
    }

    /** Calls made between two readings, commands without calls left out (a restart resets them: negatives drop). */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((command, calls) -> {
            long n = calls - before.getOrDefault(command, 0L);
            if (n > 0) {
                d.put(command, n);
            }
        });
        return d;
    }
}
