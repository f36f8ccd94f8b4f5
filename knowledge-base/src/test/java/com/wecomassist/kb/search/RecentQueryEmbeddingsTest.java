package com.wecomassist.kb.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentQueryEmbeddingsTest {

    /** A model that embeds a text as its length and records every text it was asked for. */
    static final class CountingModel implements EmbeddingModel {
        final List<String> asked = new ArrayList<>();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> out = new ArrayList<>();
            for (TextSegment s : segments) {
                asked.add(s.text());
                out.add(Embedding.from(new float[] {s.text().length(), 1}));
            }
            return Response.from(out);
        }

        @Override
        public Response<Embedding> embed(String text) {
            asked.add(text);
            return Response.from(Embedding.from(new float[] {text.length(), 1}));
        }
    }

    @Test
    void aRepeatedQueryIsEmbeddedOnce() {
        CountingModel model = new CountingModel();
        RecentQueryEmbeddings cached = new RecentQueryEmbeddings(model, 10);

        Embedding first = cached.embed("信用卡怎么还款").content();
        Embedding again = cached.embed("信用卡怎么还款").content();
        cached.embed("挂失").content();

        assertThat(again.vector()).isEqualTo(first.vector());
        assertThat(model.asked).containsExactly("信用卡怎么还款", "挂失");
        assertThat(cached.hits()).isEqualTo(1);
        assertThat(cached.misses()).isEqualTo(2);
        assertThat(cached.size()).isEqualTo(2);
    }

    /** A customer's erased words must not stay in a per-instance cache: it keeps digests only. */
    @Test
    void theCacheKeepsNoQuestionsText() throws ReflectiveOperationException {
        RecentQueryEmbeddings cached = new RecentQueryEmbeddings(new CountingModel(), 10);
        cached.embed("我叫张三，卡号[银行卡1]丢了");
        java.lang.reflect.Field recent = RecentQueryEmbeddings.class.getDeclaredField("recent");
        recent.setAccessible(true);
        java.util.Map<?, ?> kept = (java.util.Map<?, ?>) recent.get(cached);
        assertThat(kept.keySet()).singleElement().asString().doesNotContain("张三").hasSize(64);
    }

    @Test
    void theLeastRecentlyAskedQueryIsForgottenFirst() {
        CountingModel model = new CountingModel();
        RecentQueryEmbeddings cached = new RecentQueryEmbeddings(model, 2);
        cached.embed("a");
        cached.embed("b");
        cached.embed("a"); // a is now the most recent
        cached.embed("c"); // forgets b

        cached.embed("a");
        cached.embed("b");

        assertThat(model.asked).containsExactly("a", "b", "c", "b");
        assertThat(cached.size()).isEqualTo(2);
    }

    @Test
    void documentsPassThroughAndAreNotRemembered() {
        CountingModel model = new CountingModel();
        RecentQueryEmbeddings cached = new RecentQueryEmbeddings(model, 10);
        List<TextSegment> docs = List.of(TextSegment.from("问一"), TextSegment.from("问二"));

        cached.embedAll(docs);
        cached.embedAll(docs);

        assertThat(model.asked).containsExactly("问一", "问二", "问一", "问二");
        assertThat(cached.size()).isZero();
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new RecentQueryEmbeddings(new CountingModel(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
