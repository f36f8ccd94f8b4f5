package com.wecomassist.kb;

import com.wecomassist.kb.search.QueryAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a durable knowledge base keeps its shared map ({@link QueryAdapter#fitShared}) and which index
 * directory holds the vectors it maps: {@code shared-map.bin} next to the journal, and the index in
 * {@code index-<fingerprint>} ({@code index} without a map). The map file is the pointer: it is replaced
 * atomically once the mapped index is committed, so a crash leaves either the old map with its index or
 * the new one with its own; an index directory of no map in use is stale and removed.
 */
final class SharedMapFile {

    static final String FILE = "shared-map.bin";
    private static final String PLAIN_INDEX = "index";

    /** The map found on open, or the identity and why the stored one was not used (null: nothing to say). */
    record Stored(QueryAdapter map, String notice) {
    }

    private SharedMapFile() {
    }

    /** The stored map if there is one and it maps {@code modelName}'s vectors; otherwise the identity, and why. */
    static Stored read(Path kbDir, String modelName) {
        Path file = kbDir.resolve(FILE);
        if (!Files.exists(file)) {
            return new Stored(QueryAdapter.identity(), null);
        }
        try {
            QueryAdapter map = QueryAdapter.read(file).requireModel(modelName);
            if (!map.isIdentity() && !map.isShared()) {
                return new Stored(QueryAdapter.identity(), file + " holds a query-side adapter, not a shared map: "
                        + "searching with the identity");
            }
            return new Stored(map, null);
        } catch (UncheckedIOException e) {
            return new Stored(QueryAdapter.identity(), "cannot read the shared map " + file + " ("
                    + e.getCause().getMessage() + "): searching with the identity until it is refitted");
        } catch (IllegalArgumentException e) {
            return new Stored(QueryAdapter.identity(), "the shared map " + file + " is not usable (" + e.getMessage()
                    + "): searching with the identity until it is refitted");
        }
    }

    /** The index directory of the vectors {@code map} makes. */
    static Path indexDir(Path kbDir, QueryAdapter map) {
        return kbDir.resolve(map.isIdentity() ? PLAIN_INDEX : PLAIN_INDEX + "-" + map.fingerprint());
    }

    /** Makes {@code map} the one opened next time (the identity: no file), atomically. */
    static void write(Path kbDir, QueryAdapter map) {
        Path file = kbDir.resolve(FILE);
        try {
            if (map.isIdentity()) {
                Files.deleteIfExists(file);
                return;
            }
            Path tmp = kbDir.resolve(FILE + ".tmp");
            map.write(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shared map " + file, e);
        }
    }

    /** Removes every index directory but {@code keep}: left by an earlier map or a swap a crash cut short. */
    static void removeOtherIndexes(Path kbDir, Path keep) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(kbDir, PLAIN_INDEX + "*")) {
            for (Path d : dirs) {
                if (Files.isDirectory(d) && !d.equals(keep)
                        && d.getFileName().toString().matches(PLAIN_INDEX + "(-[0-9a-f]{16})?")) {
                    deleteTree(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + kbDir, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
