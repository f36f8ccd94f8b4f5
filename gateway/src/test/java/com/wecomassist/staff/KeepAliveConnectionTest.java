package com.wecomassist.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests that arrive on a kept-alive connection while the one before is still finishing are all
 * answered. Browsers and HTTP clients reuse a connection at once after a quick answer (a 302 to the
 * login form, a 401, a 403); with Reactor Netty before 1.3.8 such a queued request could leave the
 * connection no longer reading, and the next request on it was never answered (the hangs seen in the
 * login and console tests under load). The window is between an answer being written and its request
 * being finished, widest when the answer comes from another thread: tried many times on one connection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeepAliveConnectionTest {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");

    /** How often the pattern is tried on one connection: the window it needs is narrow. */
    private static final int ROUNDS = 100;

    @LocalServerPort
    int port;

    @Test
    void aConnectionReusedRightAfterAnAnswerKeepsBeingAnswered() throws IOException {
        String basic = Base64.getEncoder().encodeToString(("gina:" + com.wecomassist.testing.Staff.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            for (int round = 0; round < ROUNDS; round++) {
                // answered from another thread (the password check runs off the event loop) ...
                send(socket, request("/api/me", "Authorization: Basic " + basic + "\r\n"));
                assertThat(readStatus(in, round)).as("GET /api/me with Basic, round " + round).isEqualTo(200);
                // ... and at once the next request, answered on the event loop without waiting for anything
                send(socket, request("/api/approvals", ""));
                assertThat(readStatus(in, round)).as("GET /api/approvals without login, round " + round).isEqualTo(401);
            }
        }
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String request(String path, String headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json, text/html\r\n" + headers + "\r\n";
    }

    /** Reads one response (head and Content-Length body) and answers its status; fails on a silent connection. */
    private static int readStatus(InputStream in, int round) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed before a response; read so far: " + head);
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            Matcher status = STATUS_LINE.matcher(text);
            if (!status.find()) {
                throw new IOException("not an HTTP response: " + text);
            }
            Matcher length = CONTENT_LENGTH.matcher(text);
            if (length.find()) {
                in.readNBytes(Integer.parseInt(length.group(1)));
            } else if (text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                skipChunks(in);
            }
            return Integer.parseInt(status.group(1));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 10 s in round " + round + " on a kept-alive connection (it stopped reading)", e);
        }
    }

    private static void skipChunks(InputStream in) throws IOException {
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the connection closed inside a chunked body");
                }
                line.append((char) b);
            }
            int size = Integer.parseInt(line.toString().strip().split(";")[0], 16);
            in.readNBytes(size + 2);
            if (size == 0) {
                return;
            }
        }
    }
}
