package com.wecomassist.compliance.rules;

import java.util.List;

/**
 * A named, versioned set of rules as loaded from one YAML file. Verdicts cite the pack id and
 * version so an audit can say which revision of the rules decided.
 *
 * @param id          pack identifier
 * @param version     pack version as written by its owner
 * @param description what the pack is for
 * @param owner       who is responsible for it (team or role)
 * @param source      where it was read from (file name or classpath resource)
 * @param rules       its rules, in file order
 */
public record RulePack(String id, String version, String description, String owner, String source,
                       List<Rule> rules) {

    public RulePack {
        rules = List.copyOf(rules);
    }

    /** {@code id@version}, the form used in verdicts. */
    public String label() {
        return id + "@" + version;
    }
}
