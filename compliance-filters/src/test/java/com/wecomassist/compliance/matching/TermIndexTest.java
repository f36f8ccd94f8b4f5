package com.wecomassist.compliance.matching;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TermIndexTest {

    @Test
    void reportsOverlappingMatchesWithTheirSpans() {
        TermIndex<String> index = new TermIndex<>(Map.of("保本", "a", "保本保息", "b", "保息", "c"));
        List<String> found = new ArrayList<>();
        index.scan("这款保本保息".toCharArray(), (s, e, v) -> found.add(v + s + "-" + e));
        assertThat(found).containsExactlyInAnyOrder("a2-4", "b2-6", "c4-6");
    }

    @Test
    void scalesToManyTermsInOnePass() {
        Map<String, Integer> terms = new HashMap<>();
        for (int i = 0; i < 20_000; i++) terms.put("词" + i + "条", i);
        TermIndex<Integer> index = new TermIndex<>(terms);
        List<Integer> found = new ArrayList<>();
        index.scan("前文词12345条后文词7条".toCharArray(), (s, e, v) -> found.add(v));
        assertThat(index.size()).isEqualTo(20_000);
        assertThat(found).containsExactlyInAnyOrder(12345, 7);
    }

    @Test
    void emptyIndexMatchesNothing() {
        TermIndex<String> index = new TermIndex<>(Map.of());
        List<String> found = new ArrayList<>();
        index.scan("保本".toCharArray(), (s, e, v) -> found.add(v));
        assertThat(found).isEmpty();
    }
}
