package com.wecomassist.kb.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal {@code --name value} / {@code --flag} parsing for the module's commands: unknown options
 * and missing values are errors with a clear message, never silently ignored.
 */
final class CommandLine {

    /** Thrown for bad usage; the command prints the message and its usage and exits with 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final boolean help;

    CommandLine(String[] args, Set<String> options, Set<String> flags) {
        boolean h = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                h = true;
            } else if (flags.contains(a)) {
                values.put(a, "true");
            } else if (options.contains(a)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("option " + a + " needs a value");
                }
                values.put(a, args[++i]);
            } else {
                throw new UsageException("unknown option '" + a + "'");
            }
        }
        this.help = h;
    }

    boolean help() {
        return help;
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing required option " + name);
        }
        return v;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    double number(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " must be a number, got '" + v + "'");
        }
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option " + name + " must be one of "
                    + List.of(type.getEnumConstants()).toString().toLowerCase(java.util.Locale.ROOT) + ", got '" + v + "'");
        }
    }
}
