package com.wecomassist.kb.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One thread per inference changes the cost, never the vectors: what is indexed and found stays the same. */
class SingleThreadedBgeSmallZhTest {

    private static final List<String> TEXTS = List.of("信用卡怎么还款", "银行卡弄丢了，要怎么办",
            "年满16周岁的客户可携带本人有效身份证件到任一营业网点申请借记卡；已有本行账户的客户也可在手机银行“我的-申请新卡”在线提交。",
            "samsung pay 支持哪些卡", "atm 取款限额", "人工");

    @Test
    void givesTheArtifactsVectorsBitForBit() {
        BgeSmallZhV15QuantizedEmbeddingModel shipped = new BgeSmallZhV15QuantizedEmbeddingModel();
        SingleThreadedBgeSmallZh single = new SingleThreadedBgeSmallZh();
        assertThat(single.dimension()).isEqualTo(512);
        for (String text : TEXTS) {
            assertThat(single.embed(text).content().vector()).as(text).isEqualTo(shipped.embed(text).content().vector());
        }
        List<TextSegment> batch = TEXTS.stream().map(TextSegment::from).toList();
        assertThat(single.embedAll(batch).content()).extracting(Embedding::vector)
                .containsExactlyElementsOf(shipped.embedAll(batch).content().stream().map(Embedding::vector).toList());
    }
}
