package com.wecomassist.knowledge;

import com.wecomassist.audit.AuditTrail;
import com.wecomassist.kb.eval.EvalQueries;
import com.wecomassist.kb.eval.EvalQuery;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.store.EntryFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The publish gate: reads the regression questions at startup (a missing or invalid file stops the
 * gateway with the file and its bad lines named) and builds the {@link ChangeSetGate}.
 */
@Configuration(proxyBeanMethods = false)
class ChangeSetConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChangeSetConfiguration.class);
    static final String SAMPLE_QUERIES = "/com/wecomassist/kb/sample/sample-queries.jsonl";

    @Bean(destroyMethod = "close")
    ChangeSetGate changeSetGate(KnowledgeCuration kb, AuditTrail audit, KnowledgeProperties settings, Clock clock) {
        KnowledgeProperties.Regression regression = settings.regression();
        List<EvalQuery> queries = regressionQueries(regression.queries());
        log.info("publish gate: {} regression questions from {}; accuracy@1 may drop by {} before an override "
                        + "is needed", queries.size(), regression.queries().isEmpty() ? "the project's sample questions"
                        : regression.queries(), regression.maxAccuracyDrop());
        return new ChangeSetGate(kb, audit, EmbeddingModels.bgeSmallZh(), queries, regression.maxAccuracyDrop(), clock);
    }

    /** The configured file, or the sample questions that match the sample knowledge base. */
    static List<EvalQuery> regressionQueries(String file) {
        String setting = "assist.kb.regression.queries=" + file;
        List<EvalQuery> queries;
        try {
            queries = file.isEmpty() ? sampleQueries() : EvalQueries.read(Path.of(file));
        } catch (EntryFileException e) {
            throw new IllegalStateException(setting + ": " + e.errors().size() + " bad line(s) (JSONL, one "
                    + "{\"query\", \"expectedId\", \"answerId\"} per line): " + e.errors().stream().limit(5)
                    .map(Object::toString).collect(Collectors.joining("; ")), e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(setting + ": cannot read the regression questions: "
                    + e.getCause().getMessage(), e);
        }
        if (queries.isEmpty()) {
            throw new IllegalStateException(setting + ": the file has no questions; the publish gate needs at "
                    + "least one (leave the setting blank to use the sample questions)");
        }
        return queries;
    }

    private static List<EvalQuery> sampleQueries() {
        try (InputStream in = ChangeSetConfiguration.class.getResourceAsStream(SAMPLE_QUERIES)) {
            if (in == null) {
                throw new IllegalStateException("the sample questions " + SAMPLE_QUERIES + " are not on the classpath");
            }
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            return EvalQueries.parse(SAMPLE_QUERIES, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
