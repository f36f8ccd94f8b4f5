package com.wecomassist.compliance.semantic;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One semantic layer for the tests, built once per JVM with the real model from exemplars written
 * for the tests ({@code semantic/test-exemplars.jsonl}) plus the shipped service sentences: building
 * embeds every exemplar sentence, which takes seconds.
 */
public final class TestLayers {

    private static volatile SemanticLayer layer;

    private TestLayers() {
    }

    public static ExemplarSet exemplars() {
        try (Reader r = new InputStreamReader(TestLayers.class.getResourceAsStream("/semantic/test-exemplars.jsonl"), StandardCharsets.UTF_8)) {
            List<Exemplar> all = new ArrayList<>(ExemplarSet.readJsonl(r, "test").exemplars());
            all.addAll(ExemplarSet.ordinaryService());
            return new ExemplarSet("test-1", all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized SemanticLayer layer() {
        if (layer == null) layer = SemanticLayer.build(exemplars(), BgeSmallZh.shared());
        return layer;
    }
}
