package com.wecomassist.staff;

import java.util.Locale;

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
        throw new IllegalArgumentException("unknown role '" + text + "': use AGENT, CONTENT_EDITOR, "
                + "COMPLIANCE_OFFICER, ACCOUNT_MANAGER or ADMIN");
    }
}
