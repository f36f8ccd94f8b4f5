package com.wecomassist.optout;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a customer's message to 微信客服 asks to opt out: the whole message, normalised, is one of the
 * configured phrases, normalised the same way. Normalising folds width and case (全角 ＴＤ is td), drops
 * spaces, punctuation and emoji, a leading 请 and trailing politeness (谢谢, 了, 吧, 啊, 哦, 呀), so
 * "请不要再发了，谢谢！" is 不要再发.
 *
 * <p>Only the whole message counts, on purpose: 退订 inside a sentence is usually about something else
 * ("我想退订理财产品" cancels a product, "退订单" is a refund order, "怎么退订信用卡短信" asks how), and a
 * false opt-out silently takes a customer out of every strategy. Such a customer is answered as usual, and
 * an agent who reads that they meant it records it ({@code PUT /api/optouts/{id}}).
 */
public final class OptOutPhrases {

    private static final List<String> POLITE_ENDINGS = List.of("谢谢", "了", "吧", "啊", "哦", "呀");

    private final Set<String> phrases;

    public OptOutPhrases(List<String> phrases) {
        this.phrases = phrases.stream().map(OptOutPhrases::normalised).filter(p -> !p.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The phrase the message is (normalised); empty when it is not an opt-out. */
    public Optional<String> match(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String said = normalised(message);
        return phrases.contains(said) ? Optional.of(said) : Optional.empty();
    }

    /** The message as it is compared: folded, without spaces, punctuation and politeness. */
    static String normalised(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder();
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        String said = kept.toString();
        if (said.startsWith("请")) {
            said = said.substring(1);
        }
        boolean trimmed = true;
        while (trimmed) {
            trimmed = false;
            for (String ending : POLITE_ENDINGS) {
                if (said.endsWith(ending) && said.length() > ending.length()) {
                    said = said.substring(0, said.length() - ending.length());
                    trimmed = true;
                }
            }
        }
        return said;
    }
}
