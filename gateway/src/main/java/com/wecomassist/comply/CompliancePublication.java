package com.wecomassist.comply;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the compliance officers published last, whole: enough for any instance, after a restart or
 * on another host, to build the same checker.
 *
 * @param number          1 for the first publication, one more for each after it
 * @param packYaml        the rule pack's YAML, or empty for the pack shipped with the gateway
 * @param exemplars       every exemplar the officers added (all publications so far), added to the base set
 * @param exemplarVersion the version of the exemplar set in force
 * @param packs           the rule packs in force, as {@code id@version}
 * @param by              who published
 * @param reason          the reason given (required to publish past a regression), may be empty
 */
public record CompliancePublication(long number, String packYaml, List<TaughtExemplar> exemplars,
                                    String exemplarVersion, List<String> packs, String by, Instant at,
                                    String reason) {

    public CompliancePublication {
        Objects.requireNonNull(at, "at");
        packYaml = packYaml == null ? "" : packYaml;
        exemplars = exemplars == null ? List.of() : List.copyOf(exemplars);
        exemplarVersion = exemplarVersion == null ? "" : exemplarVersion;
        packs = packs == null ? List.of() : List.copyOf(packs);
        by = by == null ? "" : by;
        reason = reason == null ? "" : reason;
    }
}
