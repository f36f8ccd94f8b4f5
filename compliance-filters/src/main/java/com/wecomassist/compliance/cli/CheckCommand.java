package com.wecomassist.compliance.cli;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.ExcusedHit;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.BinTable;
import com.wecomassist.compliance.pii.PiiDetector;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.InvalidRulePackException;
import com.wecomassist.compliance.rules.Rule;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackDirectory;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.compliance.rules.TextKind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./assist check}: checks every line {@code {"text": ...}} of a JSON-lines file and writes
 * the line back with {@code verdict} and {@code hits} added (other fields are passed through), plus
 * a summary on standard error. Also lists the rules of a pack for review ({@code --list-rules}).
 */
public final class CheckCommand {

    static final String USAGE = """
            usage: ./assist check --in texts.jsonl [--out verdicts.jsonl] [options]
                   ./assist check --list-rules [--pack DIR|FILE]

            Reads one JSON object per line with a string field "text" (other fields are passed
            through) and writes each line with "verdict" (PASS, APPEND_NOTICE, REWRITE, REVIEW,
            BLOCK), "hits" (rule, category, span, matched text, explanation, legal basis),
            "excused" (matches an exception let through, with the reason), "packs" and, when the
            rules rewrote the text (masking, appended notice), "checkedText".

            options:
              --in FILE          input JSON lines ("-" for standard input)
              --out FILE         output JSON lines (default: standard output)
              --kind KIND        ai-draft (default), agent-reply or customer-message
              --text-field NAME  read the text from this field instead of "text"
              --pack PATH        use the rule packs in this directory (or this one file)
                                 instead of the built-in bank-default pack
              --bin-table CSV    confirm card numbers against a BIN table (bin,bank,type,length)
              --list-rules       print the rules of the pack(s) in force and exit
              --help             this text

            Exit status: 0 when every line was checked, 1 on bad input (the message names the
            line), 2 on bad options or an invalid rule pack.
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CheckCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.exit(status);
    }

    /** Runs the command; returns the exit status (separate from {@link #main} so tests can call it). */
    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        Map<String, String> opts = new TreeMap<>();
        boolean listRules = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    stdout.print(USAGE);
                    return 0;
                }
                case "--list-rules" -> listRules = true;
                case "--in", "--out", "--kind", "--pack", "--bin-table", "--text-field" -> {
                    if (i + 1 >= args.length) return usageError(stderr, a + " needs a value");
                    opts.put(a, args[++i]);
                }
                default -> {
                    return usageError(stderr, "unknown option '" + a + "'");
                }
            }
        }
        TextKind kind = TextKind.AI_DRAFT;
        if (opts.containsKey("--kind")) {
            kind = TextKind.parse(opts.get("--kind"));
            if (kind == null) return usageError(stderr, "unknown --kind '" + opts.get("--kind") + "' (ai-draft, agent-reply or customer-message)");
        }
        PiiDetector detector = PiiDetector.standard();
        if (opts.containsKey("--bin-table")) {
            try {
                detector = PiiDetector.withBinTable(BinTable.read(Path.of(opts.get("--bin-table"))));
            } catch (IOException e) {
                return usageError(stderr, "cannot read --bin-table: " + describe(e));
            }
        }
        List<RulePack> packs;
        try {
            packs = loadPacks(opts.get("--pack"), stderr);
        } catch (InvalidRulePackException e) {
            stderr.println("assist check: invalid rule pack: " + e.getMessage());
            return 2;
        }
        if (packs == null) return 2;
        ComplianceChecker checker;
        try {
            checker = new ComplianceChecker(packs, detector);
        } catch (InvalidRulePackException e) {
            stderr.println("assist check: invalid rule pack: " + e.getMessage());
            return 2;
        }
        if (listRules) {
            listRules(packs, stdout);
            return 0;
        }
        if (!opts.containsKey("--in")) return usageError(stderr, "--in is required");
        String textField = opts.getOrDefault("--text-field", "text");
        return check(checker, kind, textField, opts.get("--in"), opts.get("--out"), stdout, stderr);
    }

    private static List<RulePack> loadPacks(String pack, PrintStream stderr) {
        if (pack == null) return List.of(RulePackReader.bankDefault());
        Path p = Path.of(pack);
        if (Files.isRegularFile(p)) {
            RulePack rp = new RulePackReader().read(p);
            return List.of(rp);
        }
        if (!Files.isDirectory(p)) {
            stderr.println("assist check: --pack " + pack + ": no such file or directory");
            return null;
        }
        try (RulePackDirectory dir = new RulePackDirectory(p, ComplianceChecker::validate)) {
            for (InvalidRulePackException e : dir.errors()) {
                stderr.println("assist check: rejected rule pack: " + e.getMessage());
            }
            if (!dir.errors().isEmpty()) return null;
            if (dir.packs().isEmpty()) {
                stderr.println("assist check: --pack " + pack + ": no *.yaml rule packs in the directory");
                return null;
            }
            return dir.packs();
        }
    }

    private static int check(ComplianceChecker checker, TextKind kind, String textField, String in, String out,
                             PrintStream stdout, PrintStream stderr) {
        String inName = in.equals("-") ? "<stdin>" : in;
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        int lines = 0;
        try (BufferedReader reader = new BufferedReader(openIn(in));
             Writer writer = out == null
                     ? new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8))
                     : Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = reader.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JacksonException e) {
                    stderr.println("assist check: " + inName + ":" + no + ": not valid JSON: " + e.getOriginalMessage());
                    return 1;
                }
                if (!(node instanceof ObjectNode obj)) {
                    stderr.println("assist check: " + inName + ":" + no + ": expected a JSON object");
                    return 1;
                }
                JsonNode text = obj.get(textField);
                if (text == null || !text.isString()) {
                    stderr.println("assist check: " + inName + ":" + no + ": missing string field '" + textField + "'");
                    return 1;
                }
                Verdict v = checker.check(text.asString(), kind);
                counts.merge(v.action(), 1, Integer::sum);
                lines++;
                writer.write(JSON.writeValueAsString(annotate(obj, v, text.asString())));
                writer.write('\n');
            }
        } catch (NoSuchFileException e) {
            stderr.println("assist check: cannot read --in " + in + ": no such file");
            return 1;
        } catch (IOException e) {
            stderr.println("assist check: " + describe(e));
            return 1;
        }
        int flagged = lines - counts.getOrDefault(Action.PASS, 0);
        StringBuilder summary = new StringBuilder("assist check: " + lines + " texts checked as " + kind.yamlName() + ":");
        for (Action a : Action.values()) summary.append(' ').append(a).append(' ').append(counts.getOrDefault(a, 0));
        summary.append(String.format("; flagged %d (%.2f%%)", flagged, lines == 0 ? 0.0 : 100.0 * flagged / lines));
        stderr.println(summary);
        return 0;
    }

    private static Reader openIn(String in) throws IOException {
        if (in.equals("-")) return new InputStreamReader(System.in, StandardCharsets.UTF_8);
        return Files.newBufferedReader(Path.of(in), StandardCharsets.UTF_8);
    }

    static ObjectNode annotate(ObjectNode obj, Verdict v, String original) {
        obj.put("verdict", v.action().name());
        ArrayNode hits = obj.putArray("hits");
        for (Hit h : v.hits()) hits.add(hitJson(h));
        if (!v.excused().isEmpty()) {
            ArrayNode ex = obj.putArray("excused");
            for (ExcusedHit e : v.excused()) ex.add(hitJson(e.hit()).put("excusedBecause", e.reason()));
        }
        if (!v.text().equals(original)) obj.put("checkedText", v.text());
        ArrayNode packs = obj.putArray("packs");
        v.packs().forEach(packs::add);
        return obj;
    }

    private static ObjectNode hitJson(Hit h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", h.ruleId());
        o.put("ruleVersion", h.ruleVersion());
        o.put("category", h.category());
        o.put("severity", h.severity().name());
        o.put("action", h.action().name());
        o.put("start", h.start());
        o.put("end", h.end());
        o.put("matched", h.matchedText());
        o.put("term", h.term());
        o.put("explanation", h.explanation());
        o.put("legalBasis", h.legalBasis());
        o.put("pack", h.pack());
        return o;
    }

    private static void listRules(List<RulePack> packs, PrintStream out) {
        for (RulePack p : packs) {
            out.println("# " + p.label() + " (" + p.source() + ")" + (p.owner().isEmpty() ? "" : " owner: " + p.owner()));
            for (Rule r : p.rules()) {
                List<String> kinds = new ArrayList<>();
                r.appliesTo().stream().sorted().forEach(k -> kinds.add(k.yamlName()));
                out.printf("%-36s v%d %-8s %-13s %-17s %s%n", r.id(), r.version(), r.severity(), r.action(),
                        r.category(), (r.enabled() ? "" : "[disabled] ") + r.description());
                out.println("    applies to: " + String.join(", ", kinds) + "; " + r.terms().size() + " terms, "
                        + r.patterns().size() + " patterns" + (r.pii().isEmpty() ? "" : ", personal data " + r.pii())
                        + "; " + r.examples().size() + " examples");
                out.println("    legal basis: " + r.legalBasis());
            }
        }
    }

    private static int usageError(PrintStream stderr, String message) {
        stderr.println("assist check: " + message);
        stderr.println("run ./assist check --help for the options");
        return 2;
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? e.getMessage() + ": no such file" : e.toString();
    }
}
