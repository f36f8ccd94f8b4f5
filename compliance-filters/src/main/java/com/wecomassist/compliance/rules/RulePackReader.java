package com.wecomassist.compliance.rules;

import com.wecomassist.compliance.matching.TextNormaliser;
import com.wecomassist.compliance.pii.PiiKind;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a rule pack from YAML and validates it completely, so that every problem is reported as
 * {@code file:line: problem} before the pack can take effect. Unknown keys are errors rather than
 * ignored, because a misspelt {@code exeptions:} silently dropping a rule's exceptions would
 * change what the bank sends. The format is documented in {@code compliance-filters/README.md}.
 *
 * <p>Stateless and thread-safe. Does not run the pack's examples; the compiled rule set does that
 * (see {@code RuleSet.compile}).
 */
public final class RulePackReader {

    /** Classpath location of the pack the project ships. */
    public static final String DEFAULT_PACK_RESOURCE = "/rule-packs/bank-default.yaml";

    private static final Set<String> PACK_KEYS = Set.of("pack", "version", "description", "owner", "notices", "contexts", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "version", "category", "description", "legal-basis",
            "severity", "action", "applies-to", "match", "requires", "exceptions", "notice", "replacement", "enabled", "examples");
    private static final Set<String> MATCH_KEYS = Set.of("terms", "terms-file", "patterns", "near", "requests", "pii");
    private static final Set<String> NEAR_KEYS = Set.of("all", "within", "ordered", "negation", "not-in");
    private static final Set<String> REQUEST_KEYS = Set.of("verbs", "objects", "to", "within", "negation", "not-in");
    /** The context a near matcher uses to recognise negation when it names none. */
    private static final String DEFAULT_NEGATION = "negation-cue";
    private static final Set<String> PATTERN_KEYS = Set.of("regex", "anchors", "needs", "window");
    private static final Set<String> CONTEXT_EXTRA_KEYS = Set.of("window", "unless", "reason");
    private static final int MAX_WINDOW = 200;
    /** Groups of one near matcher; the engine keeps the groups a text has shown as bits of an int. */
    private static final int MAX_GROUPS = 16;

    /** Opens a terms file named in a pack ({@code terms-file:}). */
    @FunctionalInterface
    public interface TermsFiles {
        InputStream open(String name) throws IOException;
    }

    private final TextNormaliser normaliser = TextNormaliser.instance();

    /** The pack shipped with the project. */
    public static RulePack bankDefault() {
        RulePackReader reader = new RulePackReader();
        InputStream in = RulePackReader.class.getResourceAsStream(DEFAULT_PACK_RESOURCE);
        if (in == null) throw new IllegalStateException("missing classpath resource " + DEFAULT_PACK_RESOURCE);
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return reader.read("classpath:" + DEFAULT_PACK_RESOURCE, r, name -> {
                InputStream t = RulePackReader.class.getResourceAsStream("/rule-packs/" + name);
                if (t == null) throw new IOException("no classpath resource /rule-packs/" + name);
                return t;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a pack file; {@code terms-file:} entries are resolved relative to its directory. */
    public RulePack read(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String source = file.getFileName().toString();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(source, r, name -> Files.newInputStream(dir.resolve(name)));
        } catch (IOException e) {
            throw new InvalidRulePackException(source, 0, "cannot read: " + e.getMessage());
        }
    }

    /** Reads a pack from {@code reader}; {@code source} names it in error messages. */
    public RulePack read(String source, Reader reader, TermsFiles termsFiles) {
        Node root;
        try {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            root = yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new InvalidRulePackException(source, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidRulePackException(source, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) throw new InvalidRulePackException(source, 1, "the file is empty");
        return new Parse(source, termsFiles).pack(root);
    }

    /** State of one read: the source name for messages and the pack's shared notices and contexts. */
    private final class Parse {
        private final String source;
        private final TermsFiles termsFiles;
        private final Map<String, String> notices = new HashMap<>();
        private final Map<String, Context> contexts = new HashMap<>();

        Parse(String source, TermsFiles termsFiles) {
            this.source = source;
            this.termsFiles = termsFiles;
        }

        RulePack pack(Node root) {
            Map<String, NodeTuple> top = mapping(root, "the pack", PACK_KEYS);
            String id = requiredString(top, root, "pack");
            String version = requiredString(top, root, "version");
            String description = optionalString(top, "description", "");
            String owner = optionalString(top, "owner", "");
            if (top.containsKey("notices")) {
                Node n = top.get("notices").getValueNode();
                for (NodeTuple t : mapping(n, "notices", null).values()) {
                    notices.put(keyOf(t), scalar(t.getValueNode(), "notice " + keyOf(t)));
                }
            }
            if (top.containsKey("contexts")) {
                Node n = top.get("contexts").getValueNode();
                for (NodeTuple t : mapping(n, "contexts", null).values()) {
                    contexts.put(keyOf(t), context(t.getValueNode(), keyOf(t)));
                }
            }
            if (!top.containsKey("rules")) throw error(root, "missing 'rules'");
            Node rulesNode = top.get("rules").getValueNode();
            List<Node> ruleNodes = sequence(rulesNode, "rules");
            if (ruleNodes.isEmpty()) throw error(rulesNode, "'rules' is empty");
            List<Rule> rules = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Node rn : ruleNodes) {
                Rule rule = rule(rn);
                if (!ids.add(rule.id())) throw error(rn, "duplicate rule id '" + rule.id() + "'");
                rules.add(rule);
            }
            return new RulePack(id, version, description, owner, source, rules);
        }

        Rule rule(Node node) {
            Map<String, NodeTuple> m = mapping(node, "a rule", RULE_KEYS);
            String id = requiredString(m, node, "id");
            String where = "rule '" + id + "': ";
            int version = m.containsKey("version") ? integer(m.get("version").getValueNode(), where + "version", 1, Integer.MAX_VALUE) : 1;
            String category = requiredString(m, node, "category");
            String description = requiredString(m, node, "description");
            String legalBasis = requiredString(m, node, "legal-basis");
            Node sevNode = requiredNode(m, node, "severity");
            Severity severity = Severity.parse(scalar(sevNode, "severity"));
            if (severity == null) throw error(sevNode, where + "unknown severity '" + scalar(sevNode, "severity") + "' (expected low, medium, high or critical)");
            Node actNode = requiredNode(m, node, "action");
            Action action = Action.parse(scalar(actNode, "action"));
            if (action == null || action == Action.PASS) {
                throw error(actNode, where + "unknown action '" + scalar(actNode, "action") + "' (expected BLOCK, REVIEW, REWRITE or APPEND_NOTICE)");
            }
            Node appliesNode = requiredNode(m, node, "applies-to");
            Set<TextKind> appliesTo = EnumSet.noneOf(TextKind.class);
            for (Node k : sequence(appliesNode, "applies-to")) {
                TextKind kind = TextKind.parse(scalar(k, "applies-to"));
                if (kind == null) throw error(k, where + "unknown text kind '" + scalar(k, "applies-to") + "' (expected customer-message, ai-draft or agent-reply)");
                appliesTo.add(kind);
            }
            if (appliesTo.isEmpty()) throw error(appliesNode, where + "'applies-to' is empty");

            Node matchNode = requiredNode(m, node, "match");
            Map<String, NodeTuple> mm = mapping(matchNode, "match", MATCH_KEYS);
            List<String> terms = new ArrayList<>();
            if (mm.containsKey("terms")) {
                for (Node t : sequence(mm.get("terms").getValueNode(), "terms")) terms.add(term(t, where));
            }
            if (mm.containsKey("terms-file")) {
                Node f = mm.get("terms-file").getValueNode();
                terms.addAll(termsFile(f, scalar(f, "terms-file"), where));
            }
            List<PatternSpec> patterns = new ArrayList<>();
            if (mm.containsKey("patterns")) {
                for (Node p : sequence(mm.get("patterns").getValueNode(), "patterns")) patterns.add(pattern(p, where));
            }
            List<NearSpec> near = new ArrayList<>();
            if (mm.containsKey("near")) {
                for (Node p : sequence(mm.get("near").getValueNode(), "near")) near.add(near(p, where));
            }
            if (mm.containsKey("requests")) {
                for (Node p : sequence(mm.get("requests").getValueNode(), "requests")) near.add(request(p, where));
            }
            Set<PiiKind> pii = EnumSet.noneOf(PiiKind.class);
            if (mm.containsKey("pii")) {
                for (Node p : sequence(mm.get("pii").getValueNode(), "pii")) {
                    PiiKind k = PiiKind.parse(scalar(p, "pii"));
                    if (k == null) throw error(p, where + "unknown personal-data kind '" + scalar(p, "pii") + "' (expected resident-id, bank-card, mobile or email)");
                    pii.add(k);
                }
            }
            if (terms.isEmpty() && patterns.isEmpty() && near.isEmpty() && pii.isEmpty()) {
                throw error(matchNode, where + "'match' needs at least one of terms, terms-file, patterns, near, requests, pii");
            }
            List<Context> requires = contextList(m.get("requires"), where);
            List<Context> exceptions = contextList(m.get("exceptions"), where);

            String notice = null;
            if (m.containsKey("notice")) {
                Node nn = m.get("notice").getValueNode();
                String ref = scalar(nn, "notice");
                notice = notices.get(ref);
                if (notice == null) throw error(nn, where + "unknown notice '" + ref + "' (define it under 'notices')");
            }
            if (action == Action.APPEND_NOTICE && notice == null) throw error(actNode, where + "APPEND_NOTICE needs 'notice'");
            String replacement = optionalString(m, "replacement", null);
            if (action == Action.REWRITE && pii.isEmpty() && replacement == null) {
                throw error(actNode, where + "REWRITE of terms or patterns needs 'replacement' (personal data is masked without one)");
            }
            boolean enabled = !m.containsKey("enabled") || bool(m.get("enabled").getValueNode(), where + "enabled");
            List<Example> examples = examples(m.get("examples"), where, appliesTo);
            return new Rule(id, version, category, description, legalBasis, severity, action, appliesTo, terms,
                    patterns, near, pii, requires, exceptions, notice, replacement, enabled, examples, line(node));
        }

        private PatternSpec pattern(Node node, String where) {
            Map<String, NodeTuple> m = mapping(node, "a pattern", PATTERN_KEYS);
            Node rx = requiredNode(m, node, "regex");
            String regex = scalar(rx, "regex");
            Pattern compiled;
            try {
                compiled = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw error(rx, where + "invalid regex: " + e.getDescription() + " near index " + e.getIndex());
            }
            List<String> anchors = new ArrayList<>();
            if (m.containsKey("anchors")) {
                for (Node a : sequence(m.get("anchors").getValueNode(), "anchors")) anchors.add(term(a, where));
            }
            List<String> needs = new ArrayList<>();
            if (m.containsKey("needs")) {
                for (Node a : sequence(m.get("needs").getValueNode(), "needs")) needs.add(term(a, where));
            }
            if (!needs.isEmpty() && anchors.isEmpty()) throw error(node, where + "'needs' only works together with 'anchors'");
            int window = m.containsKey("window") ? integer(m.get("window").getValueNode(), where + "window", 0, MAX_WINDOW) : 16;
            return new PatternSpec(regex, compiled, anchors, needs, window, line(node));
        }

        /** {@code near:} groups of terms that must all occur close together, each negation-aware. */
        private NearSpec near(Node node, String where) {
            Map<String, NodeTuple> m = mapping(node, "a near matcher", NEAR_KEYS);
            Node all = requiredNode(m, node, "all");
            List<NearSpec.Group> groups = new ArrayList<>();
            for (Node g : sequence(all, "all")) groups.add(group(g, where));
            if (groups.size() < 2) throw error(all, where + "'all' needs at least two groups (one group is just 'terms')");
            if (groups.size() > MAX_GROUPS) throw error(all, where + "'all' has more than " + MAX_GROUPS + " groups");
            boolean ordered = m.containsKey("ordered") && bool(m.get("ordered").getValueNode(), where + "ordered");
            return nearSpec(node, m, groups, ordered, where);
        }

        /**
         * {@code requests:} a speech act, a request verb and its object in one clause (optionally an
         * addressee too), read as a near matcher with the object as anchor: objects are the rarer words.
         */
        private NearSpec request(Node node, String where) {
            Map<String, NodeTuple> m = mapping(node, "a request", REQUEST_KEYS);
            List<NearSpec.Group> groups = new ArrayList<>();
            groups.add(new NearSpec.Group(termList(requiredNode(m, node, "objects"), "objects", where), NearSpec.Polarity.EITHER));
            // A negated verb (请勿提供, 不会让您告诉) is a warning, not a request: verbs must be affirmed.
            groups.add(new NearSpec.Group(termList(requiredNode(m, node, "verbs"), "verbs", where), NearSpec.Polarity.AFFIRMED));
            if (m.containsKey("to")) {
                groups.add(new NearSpec.Group(termList(m.get("to").getValueNode(), "to", where), NearSpec.Polarity.EITHER));
            }
            return nearSpec(node, m, groups, false, where);
        }

        private NearSpec nearSpec(Node node, Map<String, NodeTuple> m, List<NearSpec.Group> groups, boolean ordered, String where) {
            NearSpec.Within within = NearSpec.Within.CLAUSE;
            int chars = 0;
            if (m.containsKey("within")) {
                Node w = m.get("within").getValueNode();
                String v = scalar(w, "within").trim();
                if (v.equals(NearSpec.Within.CLAUSE.yamlName())) within = NearSpec.Within.CLAUSE;
                else if (v.equals(NearSpec.Within.SENTENCE.yamlName())) within = NearSpec.Within.SENTENCE;
                else if (v.matches("\\d+")) {
                    within = NearSpec.Within.CHARS;
                    chars = integer(w, where + "within", 1, MAX_WINDOW);
                } else {
                    throw error(w, where + "'within' must be clause, sentence or a number of characters, was '" + v + "'");
                }
            }
            Context negation = null;
            if (m.containsKey("negation")) {
                Node n = m.get("negation").getValueNode();
                String name = scalar(n, "negation");
                negation = contexts.get(name);
                if (negation == null) throw error(n, where + "unknown context '" + name + "' (define it under 'contexts')");
                if (negation.scope() != Context.Scope.PRECEDED_BY) {
                    throw error(n, where + "negation context '" + name + "' must be a " + Context.Scope.PRECEDED_BY.yamlName() + " context");
                }
            } else {
                Context dflt = contexts.get(DEFAULT_NEGATION);
                if (dflt != null && dflt.scope() == Context.Scope.PRECEDED_BY) negation = dflt;
            }
            if (negation == null && groups.stream().anyMatch(g -> g.polarity() != NearSpec.Polarity.EITHER)) {
                throw error(node, where + "a near matcher with affirmed or negated groups needs a " + Context.Scope.PRECEDED_BY.yamlName() + " context named '"
                        + DEFAULT_NEGATION + "' or a 'negation:' key");
            }
            List<String> notIn = m.containsKey("not-in") ? termList(m.get("not-in").getValueNode(), "not-in", where) : List.of();
            return new NearSpec(groups, within, chars, ordered, negation, notIn, line(node));
        }

        /** A group: a plain list (affirmed), or a mapping with one of negated/either/affirmed. */
        private NearSpec.Group group(Node node, String where) {
            if (node instanceof SequenceNode) return new NearSpec.Group(termList(node, "a group", where), NearSpec.Polarity.AFFIRMED);
            Map<String, NodeTuple> gm = mapping(node, "a group", null);
            if (gm.size() != 1) throw error(node, where + "a group is a list, or one of negated:, either:, affirmed: with a list");
            Map.Entry<String, NodeTuple> e = gm.entrySet().iterator().next();
            for (NearSpec.Polarity p : NearSpec.Polarity.values()) {
                if (p.yamlName().equals(e.getKey())) return new NearSpec.Group(termList(e.getValue().getValueNode(), e.getKey(), where), p);
            }
            throw error(e.getValue().getKeyNode(), where + "unknown key '" + e.getKey() + "' in a group (expected negated, either or affirmed)");
        }

        private List<String> termList(Node node, String what, String where) {
            List<String> out = new ArrayList<>();
            for (Node t : sequence(node, what)) out.add(term(t, where));
            if (out.isEmpty()) throw error(node, where + "'" + what + "' is empty");
            return out;
        }

        private List<Context> contextList(NodeTuple tuple, String where) {
            if (tuple == null) return List.of();
            List<Context> out = new ArrayList<>();
            for (Node n : sequence(tuple.getValueNode(), keyOf(tuple))) {
                if (n instanceof ScalarNode s) {
                    Context c = contexts.get(s.getValue());
                    if (c == null) throw error(n, where + "unknown context '" + s.getValue() + "' (define it under 'contexts')");
                    out.add(c);
                } else {
                    out.add(context(n, null));
                }
            }
            return out;
        }

        private Context context(Node node, String name) {
            MappingNode mn = requireMapping(node, "a context");
            Map<String, NodeTuple> m = mapping(mn, "a context", null);
            Context.Scope scope = null;
            List<String> terms = null;
            List<List<String>> groups = List.of();
            for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
                if (CONTEXT_EXTRA_KEYS.contains(e.getKey())) continue;
                Context.Scope s = Context.Scope.parse(e.getKey());
                if (s == null) {
                    throw error(e.getValue().getKeyNode(), "unknown key '" + e.getKey() + "' in a context (expected one of "
                            + Context.Scope.yamlNames() + ", " + String.join(", ", CONTEXT_EXTRA_KEYS) + ")");
                }
                if (scope != null) throw error(e.getValue().getKeyNode(), "a context has exactly one of " + Context.Scope.yamlNames());
                scope = s;
                terms = new ArrayList<>();
                if (s.grouped()) {
                    groups = new ArrayList<>();
                    for (Node g : sequence(e.getValue().getValueNode(), e.getKey())) {
                        List<String> group = g instanceof ScalarNode ? List.of(term(g, "")) : termList(g, "a group", "");
                        groups.add(group);
                        terms.addAll(group);
                    }
                    if (groups.isEmpty()) throw error(e.getValue().getValueNode(), "'" + e.getKey() + "' is empty");
                } else {
                    for (Node t : sequence(e.getValue().getValueNode(), e.getKey())) terms.add(term(t, ""));
                }
            }
            if (scope == null) throw error(node, "a context needs one of " + Context.Scope.yamlNames());
            int window = m.containsKey("window") ? integer(m.get("window").getValueNode(), "window", 0, MAX_WINDOW) : 2;
            List<String> unless = new ArrayList<>();
            if (m.containsKey("unless")) {
                for (Node t : sequence(m.get("unless").getValueNode(), "unless")) unless.add(term(t, ""));
            }
            String reason = optionalString(m, "reason", name != null ? name : scope.yamlName());
            return new Context(scope, terms, groups, window, unless, reason, name, line(node));
        }

        private List<Example> examples(NodeTuple tuple, String where, Set<TextKind> appliesTo) {
            if (tuple == null) return List.of();
            Map<String, NodeTuple> m = mapping(tuple.getValueNode(), "examples", Set.of("flag", "pass"));
            TextKind defaultKind = appliesTo.contains(TextKind.AI_DRAFT) ? TextKind.AI_DRAFT : appliesTo.iterator().next();
            List<Example> out = new ArrayList<>();
            for (String key : List.of("flag", "pass")) {
                if (!m.containsKey(key)) continue;
                for (Node e : sequence(m.get(key).getValueNode(), key)) {
                    String text;
                    TextKind kind = defaultKind;
                    if (e instanceof MappingNode) {
                        Map<String, NodeTuple> em = mapping(e, "an example", Set.of("text", "kind"));
                        text = requiredString(em, e, "text");
                        if (em.containsKey("kind")) {
                            Node kn = em.get("kind").getValueNode();
                            kind = TextKind.parse(scalar(kn, "kind"));
                            if (kind == null) throw error(kn, where + "unknown text kind '" + scalar(kn, "kind") + "'");
                        }
                    } else {
                        text = scalar(e, key);
                    }
                    out.add(new Example(text, kind, key.equals("flag"), line(e)));
                }
            }
            return out;
        }

        private List<String> termsFile(Node node, String name, String where) {
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(termsFiles.open(name), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String t = line.strip();
                    if (t.isEmpty() || t.startsWith("#")) continue;
                    if (!normaliser.normaliseTerm(t).isEmpty()) out.add(t);
                }
            } catch (IOException e) {
                throw error(node, where + "cannot read terms file '" + name + "': " + e.getMessage());
            }
            if (out.isEmpty()) throw error(node, where + "terms file '" + name + "' has no terms");
            return out;
        }

        private String term(Node node, String where) {
            String t = scalar(node, "a term");
            if (normaliser.normaliseTerm(t).isEmpty()) {
                throw error(node, where + "term '" + t + "' is empty after normalisation (only spaces or punctuation)");
            }
            return t;
        }

        // --- small typed accessors that always know their line ---

        private Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) {
            MappingNode mn = requireMapping(node, what);
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : mn.getValue()) {
                String key = keyOf(t);
                if (allowed != null && !allowed.contains(key)) {
                    throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
                if (out.put(key, t) != null) throw error(t.getKeyNode(), "duplicate key '" + key + "' in " + what);
            }
            return out;
        }

        private MappingNode requireMapping(Node node, String what) {
            if (node instanceof MappingNode mn) return mn;
            throw error(node, what + " must be a mapping (key: value lines)");
        }

        private List<Node> sequence(Node node, String what) {
            if (node instanceof SequenceNode sn) return sn.getValue();
            throw error(node, "'" + what + "' must be a list");
        }

        private String scalar(Node node, String what) {
            if (node instanceof ScalarNode sn) return sn.getValue();
            throw error(node, what + " must be a single value");
        }

        private String keyOf(NodeTuple t) {
            return scalar(t.getKeyNode(), "a key");
        }

        private Node requiredNode(Map<String, NodeTuple> m, Node owner, String key) {
            NodeTuple t = m.get(key);
            if (t == null) throw error(owner, "missing '" + key + "'" + ownerName(m));
            return t.getValueNode();
        }

        private String requiredString(Map<String, NodeTuple> m, Node owner, String key) {
            Node n = requiredNode(m, owner, key);
            String v = scalar(n, "'" + key + "'");
            if (v.isBlank()) throw error(n, "'" + key + "' is empty" + ownerName(m));
            return v;
        }

        private String ownerName(Map<String, NodeTuple> m) {
            NodeTuple id = m.get("id");
            return id != null && id.getValueNode() instanceof ScalarNode s ? " in rule '" + s.getValue() + "'" : "";
        }

        private String optionalString(Map<String, NodeTuple> m, String key, String dflt) {
            NodeTuple t = m.get(key);
            return t == null ? dflt : scalar(t.getValueNode(), "'" + key + "'");
        }

        private int integer(Node node, String what, int min, int max) {
            String s = scalar(node, what);
            try {
                int v = Integer.parseInt(s.trim());
                if (v < min || v > max) throw error(node, what + " must be between " + min + " and " + max + ", was " + v);
                return v;
            } catch (NumberFormatException e) {
                throw error(node, what + " must be a whole number, was '" + s + "'");
            }
        }

        private boolean bool(Node node, String what) {
            String s = scalar(node, what).trim();
            if (s.equals("true")) return true;
            if (s.equals("false")) return false;
            throw error(node, what + " must be true or false, was '" + s + "'");
        }

        private InvalidRulePackException error(Node node, String problem) {
            return new InvalidRulePackException(source, line(node), problem);
        }
    }

    private static int line(Node node) {
        return node.getStartMark() != null ? node.getStartMark().getLine() + 1 : 0;
    }
}
