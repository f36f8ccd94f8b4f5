package com.wecomassist.kb.eval;

import com.wecomassist.kb.store.EntryFileException;
import com.wecomassist.kb.store.RowError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a query file: JSONL, one {@code {"query", "expectedId", "answerId"}} object per line
 * ({@code answerId} optional: the expected entry id is then the answer key). Every bad line is
 * reported with its number.
 */
public final class EvalQueries {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EvalQueries() {
    }

    public static List<EvalQuery> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException(new IOException("no such file: " + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(file.toString(), lines);
    }

    /**
     * Parses query lines read elsewhere (a classpath resource inside a jar is not a file).
     *
     * @param source what the lines are, for the error ({@code EntryFileException}) listing bad lines
     */
    public static List<EvalQuery> parse(String source, List<String> lines) {
        List<EvalQuery> out = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode n;
                try {
                    n = MAPPER.readTree(line);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("invalid JSON");
                }
                if (!n.isObject()) {
                    throw new IllegalArgumentException("expected a JSON object");
                }
                String q = n.path("query").asString("").strip();
                String id = n.path("expectedId").asString("").strip();
                if (q.isEmpty()) {
                    throw new IllegalArgumentException("missing field 'query'");
                }
                if (id.isEmpty()) {
                    throw new IllegalArgumentException("missing field 'expectedId'");
                }
                out.add(new EvalQuery(q, id, n.path("answerId").asString("").strip()));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(i + 1, "", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new EntryFileException(source, errors);
        }
        return out;
    }
}
