package com.wecomassist.customerlinks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Imports a CSV file of links as it streams in, line by line, in batches of
 * {@code assist.customer-links.import-batch-size}: a file of millions of lines is never all in memory,
 * and each batch is read only when the previous one is written (the upload waits for the store).
 *
 * <p>The first line is the header; it names the columns {@code external_userid, customer_no,
 * manager_userid, tier, as_of} in any order (others are ignored). Fields may be quoted ({@code "a,b"},
 * {@code ""} for a quote); a field cannot span lines. Blank lines are skipped. A line that cannot be read
 * is reported with its number and the reason and the import goes on; lines older than what the store
 * holds are counted as stale. The import answers a stream of {@link ImportEvent}s: the rejected lines
 * (the first {@code import-errors-listed}), progress every {@code import-progress-every} lines, and one
 * {@code FINISHED} with the totals.
 */
public class LinkImport {

    private static final Logger log = LoggerFactory.getLogger(LinkImport.class);
    static final List<String> COLUMNS = List.of("external_userid", "customer_no", "manager_userid", "tier", "as_of");

    private final CustomerLinks links;
    private final LinkFields fields;
    private final CustomerLinksProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public LinkImport(CustomerLinks links, LinkFields fields, CustomerLinksProperties settings, MeterRegistry meters,
                      Clock clock) {
        this.links = links;
        this.fields = fields;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /** What an import reports, one event at a time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportEvent(Kind kind, Long line, String reason, Counts counts) {

        public enum Kind { REJECTED, PROGRESS, FINISHED }

        static ImportEvent rejected(long line, String reason) {
            return new ImportEvent(Kind.REJECTED, line, reason, null);
        }
    }

    /**
     * Totals so far.
     *
     * @param lines     lines read, the header and blank lines included
     * @param applied   links written
     * @param unchanged links the store already held
     * @param stale     links older than what the store holds
     * @param rejected  lines that could not be read (listed or not)
     */
    public record Counts(long lines, long applied, long unchanged, long stale, long rejected) {
    }

    /** Imports the lines (without their line ends), reporting as it goes. */
    public Flux<ImportEvent> importLines(Flux<String> lines, String by) {
        return Flux.defer(() -> {
            Run run = new Run(by);
            return lines.index()
                    .concatMapIterable(numbered -> run.read(numbered.getT1() + 1, numbered.getT2()))
                    .bufferUntil(Parsed::endsBatch)
                    .concatMap(run::write)
                    .concatWith(Mono.fromSupplier(run::finished));
        });
    }

    /** A line's result: a link to write, a rejection to report, or the marker that a batch is full. */
    private record Parsed(CustomerLink link, ImportEvent rejection, long line, boolean endsBatch) {
    }

    /** One import's state (one per subscription). */
    private final class Run {

        private final String by;
        private Map<String, Integer> columns;
        private long lines;
        private long applied;
        private long unchanged;
        private long stale;
        private long rejected;
        private int inBatch;
        private long reportedAt;

        Run(String by) {
            this.by = by;
        }

        List<Parsed> read(long number, String text) {
            lines = number;
            List<Parsed> out = new ArrayList<>(2);
            if (number == 1) {
                try {
                    columns = header(text);
                } catch (IllegalArgumentException e) {
                    out.add(reject(number, e.getMessage()));
                }
            } else if (columns == null) {
                out.add(reject(number, "no valid header: nothing imported"));
            } else if (!text.isBlank()) {
                try {
                    List<String> f = split(text);
                    out.add(new Parsed(fields.link(field(f, "external_userid"), field(f, "customer_no"),
                            field(f, "manager_userid"), field(f, "tier"), field(f, "as_of"), CustomerLink.Source.FILE,
                            clock.instant()), null, number, false));
                } catch (IllegalArgumentException e) {
                    out.add(reject(number, e.getMessage()));
                }
            }
            if (++inBatch >= settings.importBatchSize()) {
                inBatch = 0;
                out.add(new Parsed(null, null, number, true));
            }
            return out;
        }

        private Parsed reject(long number, String reason) {
            rejected++;
            return new Parsed(null, rejected <= settings.importErrorsListed() ? ImportEvent.rejected(number, reason)
                    : null, number, false);
        }

        Flux<ImportEvent> write(List<Parsed> batch) {
            List<CustomerLink> toWrite = batch.stream().filter(p -> p.link() != null).map(Parsed::link).toList();
            List<ImportEvent> events = new ArrayList<>(batch.stream().filter(p -> p.rejection() != null)
                    .map(Parsed::rejection).toList());
            return links.upsertAll(toWrite).flatMapMany(outcomes -> {
                for (LinkOutcome outcome : outcomes) {
                    switch (outcome) {
                        case APPLIED -> applied++;
                        case STALE -> stale++;
                        default -> unchanged++;
                    }
                    meters.counter("assist.customer_links.written", "source", "FILE", "outcome", outcome.name())
                            .increment();
                }
                if (lines - reportedAt >= settings.importProgressEvery()) {
                    reportedAt = lines;
                    log.info("customer links import by {}: {}", by, counts());
                    events.add(new ImportEvent(ImportEvent.Kind.PROGRESS, null, null, counts()));
                }
                return Flux.fromIterable(events);
            });
        }

        ImportEvent finished() {
            log.info("customer links import by {} finished: {}", by, counts());
            return new ImportEvent(ImportEvent.Kind.FINISHED, null, null, counts());
        }

        private Counts counts() {
            return new Counts(lines, applied, unchanged, stale, rejected);
        }

        private String field(List<String> values, String column) {
            int i = columns.get(column);
            return i < values.size() ? values.get(i) : null;
        }
    }

    /** The header's column positions. */
    static Map<String, Integer> header(String text) {
        List<String> names = split(text.startsWith("\uFEFF") ? text.substring(1) : text);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            columns.putIfAbsent(names.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = COLUMNS.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the header must name the columns " + String.join(",", COLUMNS)
                    + "; missing: " + String.join(",", missing));
        }
        return columns;
    }

    /** One CSV line's fields (RFC 4180 quoting, within the line). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed on its line");
        }
        out.add(field.toString());
        return out;
    }
}
