package com.wecomassist.kb.store;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes entry files: JSONL (one entry object per line, the fields of {@link EntryJson})
 * and CSV (RFC 4180, a header row with the same field names; list fields are joined with
 * {@code |}). The format follows the file extension. Reading validates every row and reports
 * all bad rows together, so an import is applied completely or not at all.
 */
public final class EntryFiles {

    /** CSV columns, in export order. */
    public static final List<String> CSV_COLUMNS = List.of("id", "question", "variants", "answer", "answerId",
            "category", "productTags", "channel", "effectiveFrom", "effectiveTo", "status", "version",
            "updatedBy", "updatedAt");

    private EntryFiles() {
    }

    /**
     * Reads a whole file. Throws {@link EntryFileException} listing every bad row (invalid JSON,
     * missing fields, bad dates, duplicate ids) when any row is bad.
     *
     * @param defaultStatus status for rows that carry none (the evaluation KB files have no status)
     */
    public static List<Entry> read(Path file, EntryStatus defaultStatus) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("no such file: " + file));
        }
        List<RowError> errors = new ArrayList<>();
        List<Entry> entries = isCsv(file) ? readCsv(file, defaultStatus, errors) : readJsonl(file, defaultStatus, errors);
        Map<String, Long> seen = new HashMap<>();
        for (Entry e : entries) {
            if (seen.put(e.id(), 0L) != null) {
                errors.add(new RowError(0, e.id(), "duplicate id in file"));
            }
        }
        if (!errors.isEmpty()) {
            throw new EntryFileException(file.toString(), errors);
        }
        return entries;
    }

    /** Writes entries in the format of the file extension (.csv or JSONL otherwise), replacing the file atomically. */
    public static void write(Path file, List<Entry> entries) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".export", ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                if (isCsv(file)) {
                    w.write(csvRow(CSV_COLUMNS));
                    for (Entry e : entries) {
                        w.write(csvRow(csvFields(e)));
                    }
                } else {
                    for (Entry e : entries) {
                        w.write(EntryJson.toJson(e));
                        w.write('\n');
                    }
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isCsv(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private static List<Entry> readJsonl(Path file, EntryStatus defaultStatus, List<RowError> errors) {
        List<Entry> out = new ArrayList<>();
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 ? stripBom(lines.get(i)) : lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(EntryJson.fromJson(line, defaultStatus));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(i + 1, idGuess(line), e.getMessage()));
            }
        }
        return out;
    }

    private static List<Entry> readCsv(Path file, EntryStatus defaultStatus, List<RowError> errors) {
        String text;
        try {
            text = stripBom(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CsvRow> rows;
        try {
            rows = parseCsv(text);
        } catch (IllegalArgumentException e) {
            errors.add(new RowError(0, "", e.getMessage()));
            return List.of();
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0).cells().stream().map(String::trim).toList();
        for (String required : List.of("id", "question", "answer")) {
            if (!header.contains(required)) {
                errors.add(new RowError(1, "", "header lacks column '" + required + "'"));
            }
        }
        Set<String> known = new HashSet<>(CSV_COLUMNS);
        known.add("subject");
        for (String h : header) {
            if (!known.contains(h)) {
                errors.add(new RowError(1, "", "unknown column '" + h + "'"));
            }
        }
        if (!errors.isEmpty()) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (CsvRow row : rows.subList(1, rows.size())) {
            if (row.cells().size() == 1 && row.cells().get(0).isBlank()) {
                continue;
            }
            if (row.cells().size() != header.size()) {
                errors.add(new RowError(row.line(), "", "expected " + header.size() + " cells, found " + row.cells().size()));
                continue;
            }
            var node = EntryJson.MAPPER.createObjectNode();
            for (int c = 0; c < header.size(); c++) {
                String name = header.get(c);
                String value = row.cells().get(c);
                if (name.equals("variants") || name.equals("productTags")) {
                    var arr = node.putArray(name);
                    Arrays.stream(value.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).forEach(arr::add);
                } else if (!value.isEmpty()) {
                    node.put(name, value);
                }
            }
            try {
                out.add(EntryJson.fromNode(node, defaultStatus));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(row.line(), node.path("id").asString(""), e.getMessage()));
            }
        }
        return out;
    }

    private static List<String> csvFields(Entry e) {
        return List.of(e.id(), e.question(), String.join("|", e.variants()), e.answer(), e.answerId(), e.category(),
                String.join("|", e.productTags()), e.channel(),
                e.effectiveFrom() == null ? "" : e.effectiveFrom().toString(),
                e.effectiveTo() == null ? "" : e.effectiveTo().toString(), e.status().fileName(),
                Long.toString(e.version()), e.updatedBy(), e.updatedAt() == null ? "" : e.updatedAt().toString());
    }

    private static String csvRow(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.append("\r\n").toString();
    }

    record CsvRow(long line, List<String> cells) {
    }

    /** RFC 4180: quoted cells may contain commas, quotes (doubled) and line breaks. */
    static List<CsvRow> parseCsv(String text) {
        List<CsvRow> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        long line = 1;
        long rowStart = 1;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.length() == 0) {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cell.setLength(0);
                rows.add(new CsvRow(rowStart, List.copyOf(cells)));
                cells.clear();
                line++;
                rowStart = line;
            } else {
                cell.append(ch);
            }
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted cell starting in the row at line " + rowStart);
        }
        if (cell.length() > 0 || !cells.isEmpty()) {
            cells.add(cell.toString());
            rows.add(new CsvRow(rowStart, List.copyOf(cells)));
        }
        return rows;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private static String idGuess(String line) {
        var m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]*)\"").matcher(line);
        return m.find() ? m.group(1) : "";
    }
}
