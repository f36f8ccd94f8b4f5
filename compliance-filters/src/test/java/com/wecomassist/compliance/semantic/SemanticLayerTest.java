package com.wecomassist.compliance.semantic;

import com.wecomassist.compliance.rules.TextKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layer with the real bge-small-zh model, on texts that are not among its exemplars. */
class SemanticLayerTest {

    private final SemanticLayer layer = TestLayers.layer();

    @Test
    void flagsAParaphraseOfAViolatingExemplarAndNamesTheCategoryAndTheExemplars() {
        SemanticFinding f = layer.assess("您就放心买吧，要是亏了差额我自己出钱补给您", TextKind.AGENT_REPLY);
        assertThat(f.flagged()).isTrue();
        assertThat(f.category()).isEqualTo("return-promise");
        assertThat(f.score()).isGreaterThan(f.threshold());
        assertThat(f.margin()).isEqualTo(Math.abs(f.score() - f.threshold()));
        assertThat(f.nearest()).isNotEmpty();
        assertThat(f.nearest()).anySatisfy(n -> {
            assertThat(n.exemplar().label()).isEqualTo(Label.VIOLATION);
            assertThat(n.exemplar().category()).isEqualTo("return-promise");
        });
        assertThat(f.nearest().get(0).sentence()).isEqualTo("您就放心买吧，要是亏了差额我自己出钱补给您");
        // nearest first
        for (int i = 1; i < f.nearest().size(); i++) {
            assertThat(f.nearest().get(i).similarity()).isLessThanOrEqualTo(f.nearest().get(i - 1).similarity());
        }
    }

    @Test
    void theSameExemplarsInAnotherOrderGiveTheSameThresholdAndVerdicts() {
        // A compliance officer rebuilding a layer from the same exemplars must get the same verdicts.
        List<Exemplar> reversed = new java.util.ArrayList<>(TestLayers.exemplars().exemplars());
        java.util.Collections.reverse(reversed);
        SemanticLayer other = SemanticLayer.build(new ExemplarSet("test-reversed", reversed), BgeSmallZh.shared());
        assertThat(other.threshold()).isEqualTo(layer.threshold());
        assertThat(other.crossValidated().caught()).isEqualTo(layer.crossValidated().caught());
        for (String text : List.of("您就放心买吧，要是亏了差额我自己出钱补给您", "理财产品不是存款，存在本金亏损的可能，请您谨慎投资。")) {
            assertThat(other.assess(text, TextKind.AI_DRAFT).score()).as(text).isEqualTo(layer.assess(text, TextKind.AI_DRAFT).score());
        }
    }

    @Test
    void flagsACredentialsRequestWordedWithoutTheUsualTerms() {
        SemanticFinding f = layer.assess("您把卡片背后那几位数字念给我听一下，我帮您处理", TextKind.AGENT_REPLY);
        assertThat(f.flagged()).isTrue();
        assertThat(f.category()).isEqualTo("credentials-request");
    }

    @Test
    void passesCleanNearMissesThatUseTheSameWords() {
        for (String clean : List.of(
                "理财产品不是存款，存在本金亏损的可能，请您谨慎投资。",
                "提醒您：本行员工不会索要您的验证码和密码，请勿透露给任何人。",
                "您好，信用卡的还款日是每月五号，可以设置自动还款。")) {
            SemanticFinding f = layer.assess(clean, TextKind.AI_DRAFT);
            assertThat(f.flagged()).as(clean).isFalse();
            assertThat(f.score()).as(clean).isLessThanOrEqualTo(f.threshold());
        }
    }

    @Test
    void findsTheViolatingSentenceInsideOrdinaryServiceText() {
        String text = "您好，您的信用卡已经寄出，请注意查收。这个理财您放心，真要亏了我个人掏钱补给您。如有其他问题欢迎随时咨询。";
        SemanticFinding f = layer.assess(text, TextKind.AI_DRAFT);
        assertThat(f.flagged()).isTrue();
        int[] span = SemanticLayer.spanOf(text, f);
        assertThat(text.substring(span[0], span[1])).isEqualTo("这个理财您放心，真要亏了我个人掏钱补给您。");
    }

    @Test
    void customersMessagesAndEmptyTextsAreNotAssessed() {
        assertThat(layer.assess("亏了算我的，我补给您", TextKind.CUSTOMER_MESSAGE).flagged()).isFalse();
        assertThat(layer.assess("", TextKind.AI_DRAFT).flagged()).isFalse();
        assertThat(layer.assess("。。。", TextKind.AI_DRAFT).nearest()).isEmpty();
    }

    @Test
    void repeatedSentencesComeFromTheVectorCache() {
        String text = "本金加百分之六的收益到期一起给您，一分不会少。";
        layer.assess(text, TextKind.AI_DRAFT);
        int cached = layer.cachedVectors();
        SemanticFinding again = layer.assess(text, TextKind.AI_DRAFT);
        assertThat(layer.cachedVectors()).isEqualTo(cached);
        assertThat(again.flagged()).isTrue();
    }

    @Test
    void reportsCrossValidatedFiguresNotItsOwnExemplars() {
        SemanticLayer.CrossValidated cv = layer.crossValidated();
        assertThat(cv.method()).isEqualTo(SemanticLayer.Method.JOINT);
        assertThat(cv.violations() + cv.clean()).isEqualTo(layer.exemplars().exemplars().size());
        // Out of fold, so not trivially perfect. The threshold keeps the requested share of the hard near
        // misses and every other clean exemplar below it, so at most (1 - share) of the near misses stop.
        long nearMisses = layer.exemplars().exemplars().stream()
                .filter(e -> e.label() == Label.CLEAN && !ExemplarSet.SERVICE_CATEGORY.equals(e.category())).count();
        double mostStopped = Math.floor((1 - SemanticLayer.HARD_CLEAN_PASS) * nearMisses);
        assertThat(cv.cleanPass()).isGreaterThanOrEqualTo(1 - mostStopped / cv.clean() - 1e-9);
        assertThat(cv.recall()).isBetween(0.0, 1.0);
        assertThat(cv.threshold()).isEqualTo(layer.threshold());
    }

    @Test
    void needsBothViolationsAndCleanExemplars() {
        ExemplarSet onlyClean = new ExemplarSet("c", List.of(new Exemplar("您好", Label.CLEAN, "service", "", "test")));
        assertThatThrownBy(() -> SemanticLayer.build(onlyClean, BgeSmallZh.shared())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both violations and clean");
    }

    @Test
    void sentencesAreCutAtSentenceEndsAndLongClauses() {
        List<Sentences.Span> s = Sentences.split("好的。请问您需要办理什么业务？\n我们的网点营业时间是九点到五点，周末也营业，节假日另行通知，具体以网点公告为准，谢谢您的耐心等待");
        // The long line is cut at commas, but only after 12 characters, so short clauses stay together.
        assertThat(s).extracting(Sentences.Span::text).containsExactly("好的。", "请问您需要办理什么业务？",
                "我们的网点营业时间是九点到五点，", "周末也营业，节假日另行通知，", "具体以网点公告为准，谢谢您的耐心等待");
        assertThat(Sentences.split("小助手来支招：您可以在手机银行首页点击扫一扫完成付款，也可以在付款页面出示付款码给收银员扫码"))
                .extracting(Sentences.Span::text)
                .containsExactly("小助手来支招：您可以在手机银行首页点击扫一扫完成付款，", "也可以在付款页面出示付款码给收银员扫码");
        assertThat(Sentences.assessable("courtesyId=4查看哦～")).isFalse();
        assertThat(Sentences.assessable("亏了算我的补给您")).isTrue();
        String text = "好的。请问您需要办理什么业务？";
        assertThat(text.substring(s.get(1).start(), s.get(1).end())).isEqualTo("请问您需要办理什么业务？");
        for (Sentences.Span sp : s) assertThat(sp.text()).isNotBlank();
        assertThat(Sentences.fold("ＡＴＭ机")).isEqualTo("atm机");
    }

    @Test
    void webAddressesNeitherEndSentencesNorReachTheModel() {
        // The '?' and ';' of a query string and the ':' of the scheme are not ends; the address stays
        // inside its sentence, and the model sees the sentence without it.
        List<Sentences.Span> s = Sentences.split("详情可登录https://help.example.cn/faq/list.html?topic=card;page=2&lang=zh查看常见问题的解答与办理须知。其他问题请拨打客服热线。");
        assertThat(s).extracting(Sentences.Span::text)
                .containsExactly("详情可登录https://help.example.cn/faq/list.html?topic=card;page=2&lang=zh查看常见问题的解答与办理须知。", "其他问题请拨打客服热线。");
        assertThat(Sentences.fold(s.get(0).text())).isEqualTo("详情可登录 查看常见问题的解答与办理须知。");
        assertThat(Sentences.fold("请访问ＷＷＷ.Example.com/Help查询")).isEqualTo("请访问 查询");
        assertThat(Sentences.fold("也可以登录官网bank-example.com.cn了解")).isEqualTo("也可以登录官网 了解");
        // Not addresses: amounts, product names with letters, an ordinary ASCII question mark.
        assertThat(Sentences.fold("额度1.5万元，Apple Pay可用吗?")).isEqualTo("额度1.5万元,apple pay可用吗?");
        assertThat(Sentences.split("这张卡能在境外使用吗?可以正常使用的。")).hasSize(2);
    }

    @Test
    void theThresholdIsSetByTheNearMissesNotByTheOrdinaryServiceSentences() {
        List<Exemplar> ex = List.of(
                new Exemplar("亏了我给您补上", Label.VIOLATION, "return-promise", "", "test"),
                new Exemplar("理财非存款，产品有风险", Label.CLEAN, "return-promise", "", "test"),
                new Exemplar("本产品不保本，请谨慎选择", Label.CLEAN, "return-promise", "", "test"),
                new Exemplar("您好，请问有什么可以帮您", Label.CLEAN, ExemplarSet.SERVICE_CATEGORY, "", "test"),
                new Exemplar("网点营业时间为九点到五点", Label.CLEAN, ExemplarSet.SERVICE_CATEGORY, "", "test"),
                new Exemplar("转账一般实时到账", Label.CLEAN, ExemplarSet.SERVICE_CATEGORY, "", "test"));
        Corpus c = Corpus.of(ex, new SentenceVectors(BgeSmallZh.shared(), 100));
        double[] scores = {0.95, 0.9, 0.5, 0.01, 0.02, 0.03};
        // Half of the two near misses may be above: 0.5. Counting the three easy service sentences too
        // would have let both near misses through (threshold 0.03).
        assertThat(CrossValidation.thresholdFor(c, scores, 0.5)).isEqualTo(0.5);
        // With no near misses at all, the service sentences are all there is to fit on.
        Corpus onlyService = Corpus.of(List.of(ex.get(0), ex.get(3), ex.get(4), ex.get(5)), new SentenceVectors(BgeSmallZh.shared(), 100));
        assertThat(CrossValidation.thresholdFor(onlyService, new double[]{0.95, 0.01, 0.02, 0.03}, 0.5)).isEqualTo(0.02);
    }
}
