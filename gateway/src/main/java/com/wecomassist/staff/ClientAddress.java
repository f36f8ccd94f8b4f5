package com.wecomassist.staff;

import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a request comes from, as login limits count it: the value of the header the bank's proxy
 * sets ({@code assist.console.client-address-header}) when one is configured, else the connection's
 * address. No other header is believed: anyone can send {@code X-Forwarded-For}.
 */
final class ClientAddress {

    /** A header's value is typed by anyone: counted by its first characters only. */
    private static final int MAX_LENGTH = 64;

    private ClientAddress() {
    }

    static String of(ServerWebExchange exchange, String header) {
        if (exchange == null) {
            return "unknown";
        }
        if (header != null) {
            String value = exchange.getRequest().getHeaders().getFirst(header);
            if (value != null && !value.isBlank()) {
                String address = value.strip();
                return address.length() > MAX_LENGTH ? address.substring(0, MAX_LENGTH) : address;
            }
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
