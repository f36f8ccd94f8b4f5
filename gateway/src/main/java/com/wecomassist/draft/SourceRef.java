package com.wecomassist.draft;

/** A knowledge-base entry at one version, as recorded with a draft. */
public record SourceRef(String entryId, int version) {

    @Override
    public String toString() {
        return entryId + "@" + version;
    }
}
