package com.wecomassist.compliance.rules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Rule packs read from a directory ({@code *.yaml}, {@code *.yml}) and reloaded when files change,
 * so a compliance officer's edit takes effect without a restart. Each file is one pack. A file
 * that fails reading or validation is rejected with {@code file:line: problem} and the previous
 * version of that pack stays in force; a deleted file takes its pack out of force.
 *
 * <p>Changes are found by polling file contents (SHA-256), not by a file-system watch service,
 * because watch events are unreliable on network and container mounts and an editor's
 * save-by-rename can produce several events for one edit. Thread-safe.
 */
public final class RulePackDirectory implements AutoCloseable {

    /** The result of one reload. */
    public record Reload(List<String> loaded, List<String> removed, List<InvalidRulePackException> rejected) {
        public boolean changed() {
            return !loaded.isEmpty() || !removed.isEmpty();
        }
    }

    private record Entry(String digest, RulePack pack) {
    }

    private final Path directory;
    private final Consumer<RulePack> validator;
    private final RulePackReader reader = new RulePackReader();
    private final Map<String, Entry> inForce = new TreeMap<>();
    /** Digest of the last rejected content per file, so a broken file is reported once, not every poll. */
    private final Map<String, String> rejectedDigests = new TreeMap<>();
    private final List<Consumer<List<RulePack>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<RulePack> packs = List.of();
    private volatile List<InvalidRulePackException> errors = List.of();
    private ScheduledExecutorService poller;

    /**
     * @param directory the folder holding the pack files
     * @param validator extra checks after reading (the compliance checker compiles the pack and
     *                  runs its examples); throws {@link InvalidRulePackException} to reject
     */
    public RulePackDirectory(Path directory, Consumer<RulePack> validator) {
        this.directory = directory;
        this.validator = validator;
        reload();
    }

    /** The packs in force, in file-name order. */
    public List<RulePack> packs() {
        return packs;
    }

    /** Problems of the files currently rejected (their previous versions, if any, are in force). */
    public List<InvalidRulePackException> errors() {
        return errors;
    }

    /** Called with the new list of packs after every reload that changed it. */
    public void addListener(Consumer<List<RulePack>> listener) {
        listeners.add(listener);
    }

    /** Reads changed files now. */
    public synchronized Reload reload() {
        List<String> loaded = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<InvalidRulePackException> rejected = new ArrayList<>();
        Map<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.{yaml,yml}")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) files.put(p.getFileName().toString(), p);
            }
        } catch (IOException e) {
            // Keep what is in force: a directory that cannot be listed (mount hiccup) is not an instruction to drop all rules.
            rejected.add(new InvalidRulePackException(directory.toString(), 0, "cannot list directory: " + e.getMessage()));
            errors = List.copyOf(rejected);
            return new Reload(loaded, removed, rejected);
        }
        for (String name : new ArrayList<>(inForce.keySet())) {
            if (!files.containsKey(name)) {
                inForce.remove(name);
                removed.add(name);
            }
        }
        rejectedDigests.keySet().retainAll(files.keySet());
        List<InvalidRulePackException> current = new ArrayList<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            String name = f.getKey();
            String digest;
            try {
                digest = digest(Files.readAllBytes(f.getValue()));
            } catch (IOException e) {
                current.add(new InvalidRulePackException(name, 0, "cannot read: " + e.getMessage()));
                continue;
            }
            Entry old = inForce.get(name);
            if (old != null && old.digest.equals(digest)) continue;
            if (digest.equals(rejectedDigests.get(name))) {
                current.addAll(errors.stream().filter(x -> x.source().equals(name)).toList());
                continue;
            }
            try {
                RulePack pack = reader.read(f.getValue());
                validator.accept(pack);
                inForce.put(name, new Entry(digest, pack));
                rejectedDigests.remove(name);
                loaded.add(name);
            } catch (InvalidRulePackException e) {
                // The previous version of this pack (if any) stays in force.
                rejectedDigests.put(name, digest);
                rejected.add(e);
                current.add(e);
            } catch (RuntimeException e) {
                InvalidRulePackException wrapped = new InvalidRulePackException(name, 0, "rejected: " + e);
                rejectedDigests.put(name, digest);
                rejected.add(wrapped);
                current.add(wrapped);
            }
        }
        errors = List.copyOf(current);
        Reload result = new Reload(loaded, removed, rejected);
        if (result.changed()) {
            packs = inForce.values().stream().map(Entry::pack).toList();
            for (Consumer<List<RulePack>> l : listeners) {
                l.accept(packs);
            }
        }
        return result;
    }

    /**
     * Polls the directory every {@code interval} on one daemon thread; {@code onReload} hears about
     * every reload that loaded, removed or rejected something (for logs and alerts).
     */
    public synchronized void startPolling(Duration interval, Consumer<Reload> onReload) {
        if (poller != null) throw new IllegalStateException("already polling");
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rule-pack-poller");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> {
            try {
                Reload r = reload();
                if (r.changed() || !r.rejected().isEmpty()) onReload.accept(r);
            } catch (RuntimeException e) {
                // Keep polling: one failed round must not stop future reloads; the packs in force stay.
                onReload.accept(new Reload(List.of(), List.of(), List.of(new InvalidRulePackException(directory.toString(), 0, e.toString()))));
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
