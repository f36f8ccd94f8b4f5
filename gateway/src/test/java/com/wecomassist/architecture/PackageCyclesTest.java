package com.wecomassist.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway's feature packages depend on each other one way only: a newcomer can read the
 * dependency graph in the README top-down, and a change lands in one place. This reads the main
 * sources (imports and fully qualified names alike) into a graph of top-level packages under
 * {@code com.wecomassist} and fails on any cycle, naming the packages in it and the files that
 * close it. The shared kernel ({@code conversation}) and the Kafka plumbing ({@code cluster}) know
 * no feature package.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/com/wecomassist");
    private static final Pattern PACKAGE = Pattern.compile("^package com\\.wecomassist\\.([a-z0-9]+)", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bcom\\.wecomassist\\.([a-z0-9]+)\\.");

    /** Packages every package may use: the root (application settings) has no package segment, errors are leaves. */
    private static final Set<String> KERNEL_MAY_USE = Set.of("error", "conversation");

    @Test
    void theSourcesAreFound() {
        // guards the other tests against passing on an empty graph (wrong working directory)
        assertThat(graph().edges()).containsKeys("reply", "conversation", "inbound", "outbound", "cluster");
    }

    @Test
    void aCycleIsSeenAsOneComponent() {
        Graph graph = new Graph(Map.of("a", Map.of("b", Set.of("a/A.java")), "b", Map.of("c", Set.of("b/B.java")),
                "c", Map.of("a", Set.of("c/C.java")), "d", Map.of("a", Set.of("d/D.java"))));
        assertThat(graph.stronglyConnected()).contains(Set.of("a", "b", "c"), Set.of("d"));
    }

    @Test
    void noPackageCycles() {
        Graph graph = graph();
        List<Set<String>> cycles = graph.stronglyConnected().stream().filter(c -> c.size() > 1).toList();
        StringBuilder why = new StringBuilder();
        for (Set<String> cycle : cycles) {
            why.append("packages ").append(cycle).append(" depend on each other:\n");
            for (String from : cycle) {
                for (String to : graph.edges().getOrDefault(from, Map.of()).keySet()) {
                    if (cycle.contains(to)) {
                        why.append("  ").append(from).append(" → ").append(to).append(" in ")
                                .append(graph.edges().get(from).get(to)).append('\n');
                    }
                }
            }
        }
        assertThat(cycles).as(why.toString()).isEmpty();
    }

    @Test
    void theKernelAndTheClusterPlumbingKnowNoFeature() {
        Graph graph = graph();
        assertThat(graph.edges().getOrDefault("conversation", Map.of()).keySet())
                .as("conversation/ is the kernel every flow stands on").isSubsetOf(Set.of("error"));
        assertThat(graph.edges().getOrDefault("cluster", Map.of()).keySet())
                .as("cluster/ is plumbing the features use, never the other way").isSubsetOf(KERNEL_MAY_USE);
    }

    /** Top-level package → package it uses → the files (relative) that use it. */
    record Graph(Map<String, Map<String, Set<String>>> edges) {

        /** Tarjan's strongly connected components. */
        List<Set<String>> stronglyConnected() {
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> low = new HashMap<>();
            Deque<String> stack = new ArrayDeque<>();
            Set<String> onStack = new TreeSet<>();
            List<Set<String>> components = new ArrayList<>();
            int[] counter = {0};
            Set<String> nodes = new TreeSet<>(edges.keySet());
            edges.values().forEach(targets -> nodes.addAll(targets.keySet()));
            for (String node : nodes) {
                if (!index.containsKey(node)) {
                    visit(node, index, low, stack, onStack, components, counter);
                }
            }
            return components;
        }

        private void visit(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                           Set<String> onStack, List<Set<String>> components, int[] counter) {
            index.put(node, counter[0]);
            low.put(node, counter[0]);
            counter[0]++;
            stack.push(node);
            onStack.add(node);
            for (String next : edges.getOrDefault(node, Map.of()).keySet()) {
                if (!index.containsKey(next)) {
                    visit(next, index, low, stack, onStack, components, counter);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                components.add(component);
            }
        }
    }

    static Graph graph() {
        Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String source = read(file);
                Matcher own = PACKAGE.matcher(source);
                if (!own.find()) {
                    return; // the root package: application settings, used by all, using none
                }
                String from = own.group(1);
                Matcher used = REFERENCE.matcher(source);
                while (used.find()) {
                    String to = used.group(1);
                    if (!to.equals(from) && Files.isDirectory(SOURCES.resolve(to))) {
                        edges.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                                .add(SOURCES.relativize(file).toString());
                    }
                }
                edges.computeIfAbsent(from, k -> new TreeMap<>());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Graph(edges);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
