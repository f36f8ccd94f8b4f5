package com.wecomassist.draft.openai;

import com.wecomassist.compliance.pii.PseudonymisedText;
import com.wecomassist.draft.FallbackReason;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks on a model's answer text that the prompt asks for but cannot enforce: the model may have
 * been talked into leaking its instructions or speaking as someone else. Each failed check is a failed
 * draft; the compliance rule packs run after these, not instead of them (and facts the entries do not
 * contain are the grounding check's, which sends the draft to an agent). Pure functions, thread-safe.
 */
final class OutputGuard {

    /** Sixteen consecutive characters of the instructions in an answer are no coincidence. */
    static final int LEAK_WINDOW = 16;

    private static final Pattern IMPERSONATION = Pattern.compile(
            "(我是|我乃|本人是|本人系|作为)[^，。,.!！？?；;\\n]{0,10}(行长|董事长|总裁|总经理)|以(行长|董事长|总裁|总经理)的?身份"
                    + "|(?i:\\b(?:i am|i'm|as)\\s+(?:the\\s+)?(?:bank'?s\\s+)?(?:president|chairman|ceo|chief executive|general manager)\\b)");
    /** Every kind of personal-data placeholder (身份证, 银行卡, 手机号, 邮箱, 证件号, 姓名, 地址), from the masker's own list. */
    private static final Pattern PLACEHOLDER = PseudonymisedText.placeholders();
    private static final Pattern MD_HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s+");
    private static final Pattern MD_QUOTE = Pattern.compile("(?m)^\\s{0,3}>\\s?");
    private static final Pattern MD_BULLET = Pattern.compile("(?m)^(\\s*)[*+]\\s+");
    private static final Pattern MD_TABLE_RULE = Pattern.compile("(?m)^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$\\n?");
    private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]\\n]{1,200})]\\((https?://[^)\\s]{1,500})\\)");
    private static final Pattern MD_EMPHASIS = Pattern.compile("\\*\\*|__|`+");

    private final Set<String> instructionWindows;

    /** @param instructions the texts the model must never repeat (system prompt, message framing) */
    OutputGuard(List<String> instructions) {
        Set<String> windows = new HashSet<>();
        for (String text : instructions) {
            String flat = flatten(text);
            for (int i = 0; i + LEAK_WINDOW <= flat.length(); i++) {
                String window = flat.substring(i, i + LEAK_WINDOW);
                // Windows over a per-request value (canary, fence, values) are checked separately.
                if (window.indexOf('\u0000') < 0) {
                    windows.add(window);
                }
            }
        }
        this.instructionWindows = Set.copyOf(windows);
    }

    /**
     * The reason {@code answer} must not be used, or null.
     *
     * @param secrets per-request values that must never appear (canary, message fence)
     */
    FallbackReason check(String answer, List<String> secrets) {
        for (String secret : secrets) {
            if (answer.contains(secret)) {
                return FallbackReason.PROMPT_LEAK;
            }
        }
        String flat = flatten(answer);
        for (int i = 0; i + LEAK_WINDOW <= flat.length(); i++) {
            if (instructionWindows.contains(flat.substring(i, i + LEAK_WINDOW))) {
                return FallbackReason.PROMPT_LEAK;
            }
        }
        if (IMPERSONATION.matcher(Normalizer.normalize(answer, Normalizer.Form.NFKC)).find()) {
            return FallbackReason.IMPERSONATION;
        }
        return null;
    }

    /** Markdown the model used despite the prompt, turned into plain text WeChat shows as meant. */
    static String plainText(String text) {
        String t = text.replace("\r\n", "\n");
        t = MD_TABLE_RULE.matcher(t).replaceAll("");
        t = MD_HEADING.matcher(t).replaceAll("");
        t = MD_QUOTE.matcher(t).replaceAll("");
        t = MD_BULLET.matcher(t).replaceAll("$1- ");
        t = MD_LINK.matcher(t).replaceAll("$1（$2）");
        t = MD_EMPHASIS.matcher(t).replaceAll("");
        return t.replaceAll("\n{3,}", "\n\n").strip();
    }

    /** Placeholders nobody issued (the model made them up): removed rather than shown. */
    static String withoutPlaceholders(String text) {
        return PLACEHOLDER.matcher(text).replaceAll("");
    }

    private static String flatten(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }
}
