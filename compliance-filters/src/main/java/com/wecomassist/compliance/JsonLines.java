package com.wecomassist.compliance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON-lines files of the project's own rows (the labelled set, exemplars): one object per line,
 * blank lines skipped, every problem reported as {@code name:line: problem} so a person can find
 * the row to mend.
 */
public final class JsonLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Turns one parsed line into a row; {@code where} is the {@code name:line: } prefix for its errors. */
    @FunctionalInterface
    public interface Row<T> {
        T parse(JsonNode node, String where) throws IOException;
    }

    private JsonLines() {
    }

    /** Every non-blank line of {@code in}, parsed and turned into a row, in order. */
    public static <T> List<T> read(Reader in, String name, Row<T> row) throws IOException {
        List<T> out = new ArrayList<>();
        BufferedReader reader = new BufferedReader(in);
        String line;
        int no = 0;
        while ((line = reader.readLine()) != null) {
            no++;
            if (line.isBlank()) continue;
            String where = name + ":" + no + ": ";
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JacksonException e) {
                throw new IOException(where + "not valid JSON: " + e.getOriginalMessage());
            }
            out.add(row.parse(node, where));
        }
        return out;
    }
}
