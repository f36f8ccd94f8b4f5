package com.wecomassist.session;

import com.wecomassist.conversation.ConversationKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A history that keeps the words of everyone who serves the customer masked: a servicer's typed in the
 * WeCom client, an agent's reply, the bot's (which an agent may have edited). The history goes into
 * the model's prompts and onto the agents' screens, and a person's words can carry a customer's card
 * or ID number as easily as the customer's own; masking at this door covers every such writer,
 * including ones added later. The words of the person served (customer, employee) are masked where
 * they enter the flow, before anything else reads them (the reply flow's intake), and are not masked
 * a second time here: masking costs tens to hundreds of microseconds a text.
 *
 * <p>The bot says the same answers many times over (a knowledge-base answer, a template, a notice),
 * and masking is a function of the text alone, so the masked forms of its most recent distinct texts
 * are remembered: under load, masking the bot's reply on the event loop was about 8 % of the
 * gateway's CPU. Kept by the text's SHA-256, with the masked form only, so no unmasked words stay in
 * memory; people's words are masked every time.
 */
public final class MaskedConversationHistory implements ConversationHistory {

    /** The bot's distinct texts whose masked forms are remembered by default. */
    public static final int REMEMBERED_BOT_TEXTS = 1000;

    private final ConversationHistory history;
    private final UnaryOperator<String> mask;
    private final Map<String, String> maskedBotTexts;

    /** @param mask personal data in a text replaced by its masked form ({@code PiiMasker::mask}) */
    public MaskedConversationHistory(ConversationHistory history, UnaryOperator<String> mask) {
        this(history, mask, REMEMBERED_BOT_TEXTS);
    }

    /** @param rememberedBotTexts the bot's distinct texts whose masked forms are remembered (0: none) */
    public MaskedConversationHistory(ConversationHistory history, UnaryOperator<String> mask, int rememberedBotTexts) {
        this.history = Objects.requireNonNull(history, "history");
        this.mask = Objects.requireNonNull(mask, "mask");
        if (rememberedBotTexts < 0) {
            throw new IllegalArgumentException("remembered bot texts must not be negative");
        }
        this.maskedBotTexts = new LinkedHashMap<>(Math.min(rememberedBotTexts, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > rememberedBotTexts;
            }
        };
    }

    @Override
    public Mono<Void> append(ConversationKey conversation, Turn turn) {
        Turn masked = turn.kind() == Turn.Kind.TEXT && turn.text() != null && !turn.fromPersonServed()
                ? new Turn(turn.author(), masked(turn), turn.at(), turn.ref(), turn.kind())
                : turn;
        return history.append(conversation, masked);
    }

    private String masked(Turn turn) {
        if (turn.author() != Turn.Author.BOT) {
            return mask.apply(turn.text());
        }
        String key = digest(turn.text());
        String known;
        synchronized (maskedBotTexts) {
            known = maskedBotTexts.get(key);
        }
        if (known != null) {
            return known;
        }
        String masked = mask.apply(turn.text());
        synchronized (maskedBotTexts) {
            maskedBotTexts.put(key, masked);
        }
        return masked;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public Mono<List<Turn>> recent(ConversationKey conversation) {
        return history.recent(conversation);
    }

    @Override
    public Flux<ConversationTurns> forCustomer(String externalUserId) {
        return history.forCustomer(externalUserId);
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return history.eraseCustomer(externalUserId);
    }
}
