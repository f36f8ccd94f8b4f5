package com.wecomassist.welcome;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which welcome a template is for. A 客户联系 welcome ({@link Channel#CONTACT}) is chosen by the
 * channel code the customer came through (the 「联系我」 QR code's {@code State}) and the role of the
 * employee they added; a 微信客服 welcome ({@link Channel#KF}) by the account ({@code open_kfid}).
 * {@link #ANY} stands for "every other code" or "every role": the most specific key that has a
 * published template wins (see {@link WelcomeCatalogue}).
 *
 * @param code the State or open_kfid, or {@link #ANY}
 * @param role the employee's role (e.g. {@code account-manager}, {@code direct}), or {@link #ANY}; always
 *             {@link #ANY} for 微信客服, where no employee is known when a customer enters
 */
public record WelcomeKey(Channel channel, String code, String role) {

    public static final String ANY = "*";
    /** State is at most 30 characters at WeCom; open_kfid is longer. Both travel in URLs and Redis keys. */
    private static final Pattern CODE = Pattern.compile("\\*|[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern ROLE = Pattern.compile("\\*|[a-z0-9_-]{1,32}");

    public enum Channel {
        /** 客户联系: add_external_contact with a welcome_code (externalcontact/send_welcome_msg). */
        CONTACT,
        /** 微信客服: enter_session with a welcome_code (kf/send_msg_on_event). */
        KF
    }

    public WelcomeKey {
        Objects.requireNonNull(channel, "channel");
        code = code == null || code.isBlank() ? ANY : code.strip();
        role = role == null || role.isBlank() ? ANY : role.strip().toLowerCase(Locale.ROOT);
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a channel code is * or 1-64 of A-Z a-z 0-9 _ . @ -, not '" + code + "'");
        }
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("a role is * or 1-32 of a-z 0-9 _ -, not '" + role + "'");
        }
        if (channel == Channel.KF && !ANY.equals(role)) {
            throw new IllegalArgumentException("a 微信客服 welcome has no employee role");
        }
    }

    public static WelcomeKey contact(String state, String role) {
        return new WelcomeKey(Channel.CONTACT, state, role);
    }

    public static WelcomeKey kf(String openKfId) {
        return new WelcomeKey(Channel.KF, openKfId, ANY);
    }

    /** {@code contact:branch01:account-manager}, {@code kf:*:*}: the key's stable string (URLs, Redis, audit). */
    public String id() {
        return channel.name().toLowerCase(Locale.ROOT) + ":" + code + ":" + role;
    }

    /** The key of an {@link #id()}; IllegalArgumentException when it is none. */
    public static WelcomeKey parse(String id) {
        String[] parts = id == null ? new String[0] : id.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a template key looks like contact:<state>:<role> or kf:<open_kfid>:*");
        }
        Channel channel = switch (parts[0]) {
            case "contact" -> Channel.CONTACT;
            case "kf" -> Channel.KF;
            default -> throw new IllegalArgumentException("unknown welcome channel '" + parts[0] + "'");
        };
        return new WelcomeKey(channel, parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return id();
    }
}
