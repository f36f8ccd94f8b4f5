package com.wecomassist.kb.entry;

/**
 * A curation request that is refused and will be refused again if repeated unchanged: an unknown
 * entry, a stale version (someone else saved first), or a transition the lifecycle does not allow.
 */
public final class CurationException extends RuntimeException {

    public CurationException(String message) {
        super(message);
    }
}
