package com.wecomassist.kb.entry;

/**
 * A curation request that is refused and will be refused again if repeated unchanged: an unknown
 * entry, a stale version (someone else saved first), an entry that exists already, a transition the
 * lifecycle does not allow, or a change set that moved since it was evaluated. The {@link Reason}
 * lets a caller answer each differently without parsing the message.
 */
public class CurationException extends RuntimeException {

    /** Why the knowledge base refused. */
    public enum Reason {
        UNKNOWN_ENTRY, STALE_VERSION, ALREADY_EXISTS, NOT_ALLOWED, STALE_CHANGE_SET
    }

    private final Reason reason;

    public CurationException(String message) {
        this(Reason.NOT_ALLOWED, message);
    }

    public CurationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
