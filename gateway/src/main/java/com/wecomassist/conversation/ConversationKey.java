package com.wecomassist.conversation;

import java.util.Objects;

/**
 * Identifies one conversation: for 微信客服 the (open_kfid, external_userid) pair; for the
 * self-built app the (AgentID, employee UserID) pair. Messages with the same key are handled in
 * order; different keys in parallel.
 */
public record ConversationKey(Channel channel, String account, String peer) {

    public ConversationKey {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(peer, "peer");
    }

    public static ConversationKey kf(String openKfId, String externalUserId) {
        return new ConversationKey(Channel.KF, openKfId, externalUserId);
    }

    public static ConversationKey app(String agentId, String userId) {
        return new ConversationKey(Channel.APP, agentId, userId);
    }

    /**
     * The key of an {@link #id()} string, e.g. from a URL.
     *
     * @throws IllegalArgumentException when the string is not of the form {@code kf|app:account:peer}
     */
    public static ConversationKey parse(String id) {
        String[] parts = id == null ? new String[0] : id.split(":", 3);
        if (parts.length != 3 || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("a conversation id looks like kf:<open_kfid>:<external_userid>, not '"
                    + id + "'");
        }
        Channel channel = switch (parts[0]) {
            case "kf" -> Channel.KF;
            case "app" -> Channel.APP;
            default -> throw new IllegalArgumentException("unknown channel '" + parts[0] + "' in conversation id");
        };
        return new ConversationKey(channel, parts[1], parts[2]);
    }

    /**
     * True for a 微信客服 conversation with this customer, whichever account ({@code open_kfid}) it is
     * with: what a customer's personal data is found by (export and erasure).
     */
    public boolean withCustomer(String externalUserId) {
        return channel == Channel.KF && peer.equals(externalUserId);
    }

    /**
     * {@link #withCustomer} of a stored conversation id; false for null or for a string that is no
     * conversation id (the peer is read whole, so {@code kf:wkA:x:wm1} is not {@code wm1}'s).
     */
    public static boolean idWithCustomer(String conversationId, String externalUserId) {
        if (conversationId == null || !conversationId.startsWith("kf:") || !conversationId.endsWith(externalUserId)) {
            return false; // most ids are someone else's: no parse for them
        }
        try {
            return parse(conversationId).withCustomer(externalUserId);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A stable string form, e.g. {@code kf:wkAbc:wmXyz}, usable as a bus or store key. */
    public String id() {
        // called for every map, store and bus key of a turn: the channel's prefix is a constant, not
        // a lower-cased copy of its name each time
        return channel.idPrefix + account + ":" + peer;
    }

    @Override
    public String toString() {
        return id();
    }

    /** The two ways WeCom delivers messages to the gateway. */
    public enum Channel {
        /** 微信客服: external WeChat customers. */
        KF("kf:"),
        /** A self-built app (自建应用): the bank's own employees. */
        APP("app:");

        private final String idPrefix;

        Channel(String idPrefix) {
            this.idPrefix = idPrefix;
        }
    }
}
