package com.wecomassist.roster;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the bank's roster file: CSV (RFC 4180, UTF-8, a BOM allowed) whose header names the columns
 * {@code userid, name, team, branch, role} in any order ({@code userid} required, the others optional;
 * unknown columns are ignored). All or nothing: a roster replaces the one in force, so a file with
 * a bad line (a malformed userid, a userid twice, a field too long) is refused whole, listing the lines.
 */
public final class RosterFile {

    static final List<String> COLUMNS = List.of("userid", "name", "team", "branch", "role");
    /** Lines listed in a refusal: enough to fix a file, not a wall of text for a file in the wrong format. */
    static final int ERRORS_LISTED = 20;

    private RosterFile() {
    }

    /** The entries of {@code csv}, in file order; {@link Invalid} naming the bad lines. */
    public static List<RosterEntry> read(String csv) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        try (Reader reader = new StringReader(text)) {
            Iterable<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(true).setTrim(true).get().parse(reader);
            return entries(records, text);
        } catch (Invalid invalid) {
            throw invalid;
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // commons-csv's own words for a broken file (an unclosed quote, a duplicate header name)
            Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            throw new Invalid(List.of(cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        }
    }

    private static List<RosterEntry> entries(Iterable<CSVRecord> records, String text) throws IOException {
        List<RosterEntry> entries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, String> header = null;
        for (CSVRecord record : records) {
            if (header == null) {
                header = header(record.getParser().getHeaderNames());
            }
            long line = record.getParser().getCurrentLineNumber();
            try {
                RosterEntry entry = new RosterEntry(field(record, header, "userid"), field(record, header, "name"),
                        field(record, header, "team"), field(record, header, "branch"), field(record, header, "role"));
                if (!seen.add(entry.userid())) {
                    throw new IllegalArgumentException("userid " + entry.userid() + " is on an earlier line too");
                }
                entries.add(entry);
            } catch (IllegalArgumentException | NullPointerException e) {
                errors.add("line " + line + ": " + (e instanceof NullPointerException ? "no userid" : e.getMessage()));
            }
        }
        if (header == null && !text.isBlank()) {
            header(firstLineColumns(text));
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors.size() > ERRORS_LISTED
                    ? withMore(errors.subList(0, ERRORS_LISTED), errors.size() - ERRORS_LISTED) : errors);
        }
        return entries;
    }

    /** Lower-cased column name → the name as the file spells it; refuses a header without userid. */
    private static Map<String, String> header(List<String> names) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String name : names) {
            columns.put(name.strip().toLowerCase(Locale.ROOT), name);
        }
        if (!columns.containsKey("userid")) {
            throw new Invalid(List.of("the first line must be a header naming the columns " + String.join(",", COLUMNS)
                    + " (userid required); it names " + String.join(",", names)));
        }
        return columns;
    }

    private static List<String> firstLineColumns(String text) {
        return List.of(text.lines().findFirst().orElse("").split(",", -1));
    }

    private static String field(CSVRecord record, Map<String, String> header, String column) {
        String name = header.get(column);
        return name == null || !record.isSet(name) ? null : record.get(name);
    }

    private static List<String> withMore(List<String> listed, int more) {
        List<String> out = new ArrayList<>(listed);
        out.add("… and " + more + " more lines");
        return out;
    }

    /** The file cannot be the roster: each line's reason. */
    public static final class Invalid extends IllegalArgumentException {

        private final List<String> errors;

        Invalid(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }
}
