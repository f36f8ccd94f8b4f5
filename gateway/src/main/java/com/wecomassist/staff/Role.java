package com.wecomassist.staff;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a member of staff may do in the consoles and their APIs (see {@code SecurityConfiguration}
 * for which paths each role reaches). {@link #ADMIN} may do everything.
 */
public enum Role {
    /** 直营 agents: the approval queue and conversations. */
    AGENT,
    /** The content team: the knowledge base. */
    CONTENT_EDITOR,
    /** Compliance officers: the audit trail and the rule packs. */
    COMPLIANCE_OFFICER,
    /** 管户 account managers: their own queue, conversations and reply suggestions. */
    ACCOUNT_MANAGER,
    /**
     * Team leads: everything an agent may do, the dashboard with their team's figures, and taking a
     * conversation over from another agent or handing it to one ({@code supervise/}).
     */
    SUPERVISOR,
    /**
     * 直营 operations (运营): write strategies (智能化经营) and, for a colleague's version, publish or stop them.
     */
    OPERATIONS,
    /**
     * The bank's systems that send behaviour events ({@code POST /api/events}): service accounts with HTTP
     * Basic, and that one endpoint only: no page, no other API, not even {@code /api/me}.
     */
    EVENT_SOURCE,
    /** Administrators: users, metrics, and everything the other roles may do. */
    ADMIN;

    /** {@code agent}, {@code CONTENT_EDITOR}, {@code content-editor}: refused with the allowed names otherwise. */
    public static Role parse(String text) {
        String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "': use one of " + names());
    }

    /** Every role's name, for messages: "AGENT, CONTENT_EDITOR, ..., ADMIN". */
    public static String names() {
        return Arrays.stream(values()).map(Role::name).collect(Collectors.joining(", "));
    }

    /**
     * Roles that serve customers in conversations (hold them, answer them): who a conversation may
     * be handed to. Administrators may act as agents, so they count too.
     */
    public boolean servesCustomers() {
        return this == AGENT || this == ACCOUNT_MANAGER || this == SUPERVISOR || this == ADMIN;
    }

    /** Roles of people and tools that use the consoles (every one but {@link #EVENT_SOURCE}, a feed). */
    public boolean usesConsoles() {
        return this != EVENT_SOURCE;
    }
}
