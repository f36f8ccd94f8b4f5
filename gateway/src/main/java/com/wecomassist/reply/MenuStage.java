package com.wecomassist.reply;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.OfferedMenu;
import com.wecomassist.conversation.Transition;
import com.wecomassist.draft.DraftRequest;
import com.wecomassist.draft.kb.KbTemplateDrafter;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.learn.PhrasingSuggestions;
import com.wecomassist.learn.VagueQuestions;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.retrieve.Retriever;
import com.wecomassist.route.Intent;
import com.wecomassist.route.RouteProperties;
import com.wecomassist.route.RoutingInput;
import com.wecomassist.route.RoutingPolicy;
import com.wecomassist.wecom.KfMenu;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * 猜你想问: the bot offers the first candidates as a msgmenu when routing says so, remembers the menu
 * on the conversation, and reads the customer's answer to it. A click on an item answers that entry
 * at once (its curated answer through the KB-template drafter, then the compliance check and routing
 * like every draft), and the customer's words become a variant suggestion for the content team. A
 * typed question instead is a new question (the menu is abandoned); 人工, or no choice within
 * {@code assist.route.menu-wait}, sends the original question to the agents with its candidates.
 * Closing a menu is one versioned write, so of a click and the lapse watch at once, one acts.
 */
final class MenuStage {

    private static final Logger log = LoggerFactory.getLogger(MenuStage.class);
    /** Who suggested a variant learned from a menu choice, on the content team's review list. */
    static final String SUGGESTED_BY = "customer-menu";

    private final ConversationStore conversations;
    private final OutboundHandOff outbound;
    private final RoutingPolicy routing;
    private final Retriever retriever;
    private final KbTemplateDrafter kbDrafter;
    private final Stage drafter;
    private final PhrasingSuggestions suggestions;
    private final RouteProperties route;
    private final ReplyProperties settings;
    private final ReplyRecorder recorder;
    private final Clock clock;

    MenuStage(ConversationStore conversations, OutboundHandOff outbound, RoutingPolicy routing, Retriever retriever,
              KbTemplateDrafter kbDrafter, Stage drafter, PhrasingSuggestions suggestions, RouteProperties route,
              ReplyProperties settings, ReplyRecorder recorder, Clock clock) {
        this.conversations = conversations;
        this.outbound = outbound;
        this.routing = routing;
        this.retriever = retriever;
        this.kbDrafter = kbDrafter;
        this.drafter = drafter;
        this.suggestions = suggestions;
        this.route = route;
        this.settings = settings;
        this.recorder = recorder;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ offering

    /** Routing chose a menu: the first candidates go out as a msgmenu, remembered on the conversation first. */
    Mono<Void> offer(Answer answer) {
        Instant now = clock.instant();
        List<Retrieval.RetrievedEntry> candidates = answer.retrieval().entries().stream()
                .limit(route.menuItems()).toList();
        List<OfferedMenu.Item> items = candidates.stream()
                .map(e -> new OfferedMenu.Item(clickId(e.entryId()), e.entryId(), e.version(), e.question()))
                .toList();
        OfferedMenu offered = new OfferedMenu(answer.message().messageId(), answer.question().text(), items, now,
                now.plus(route.menuWait()));
        KfMenu menu = KfMenu.of(settings.menuHeadText(),
                items.stream().map(i -> KfMenu.Click.cut(i.clickId(), i.question())).toList(), settings.menuTailText());
        // remembered before it is sent: a click can only come back for a menu the conversation knows
        return conversations.update(answer.message().conversation(), c -> c.menuOffered(offered, now))
                .flatMap(remembered -> remembered.allowed()
                        ? recorder.menuOffered(answer, offered).then(outbound.handOn(OutgoingReply.menu(
                        answer.draftId(), answer.message().conversation(), menu, answer.message().messageId(),
                        answer.retrieval().topCategory())))
                        : recorder.notAnswered(answer.message(), "the menu was not offered: " + remembered.refusal()));
    }

    /**
     * The click id of an entry: the entry id itself when it fits WeCom's 1–64 bytes (stable, and
     * readable in the trail), else a hash of it.
     */
    static String clickId(String entryId) {
        int bytes = entryId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= 1 && bytes <= KfMenu.MAX_ID_BYTES) {
            return entryId;
        }
        return "e-" + Integer.toHexString(entryId.hashCode()) + "-" + Integer.toHexString(entryId.length());
    }

    // ------------------------------------------------------------------ the customer's answer

    /**
     * The customer's message while a menu is open: a click on one of its items (the entry is
     * answered), 人工 (the original question goes to the agents), or anything else (a new question;
     * the menu is abandoned). A message while no menu is open passes unchanged.
     */
    Mono<Answer> replied(Answer asked) {
        OfferedMenu open = asked.conversation().menu();
        if (open == null) {
            return Mono.just(asked);
        }
        InboundMessage message = asked.message();
        Optional<OfferedMenu.Item> clicked = message.kind() == MessageKind.MENU_CHOICE
                ? open.item(message.menuId()) : Optional.empty();
        if (clicked.isPresent()) {
            OfferedMenu.Item item = clicked.get();
            Question question = new Question(open.question(), 1, false, asked.question().through());
            return closed(asked, open).flatMap(closed -> closed
                    ? Mono.just(new Answer(message, question, asked.conversation(), asked.manager(), null, null,
                    null, null, MenuTurn.chosen(open, item)))
                    // the lapse watch closed it a moment before: the click reads as a new question
                    : Mono.just(asked));
        }
        Intent intent = routing.intentOf(asked.question().text());
        if (intent == Intent.HUMAN_REQUEST) {
            Answer declined = originalQuestion(open, asked.conversation(), asked.manager(),
                    asked.question().through());
            return closed(asked, open).flatMap(closed -> !closed ? Mono.just(asked)
                    : recorder.menuAbandoned(message, open, "person")
                    // HOLDING for the question's draft: the notice does not move a draft waiting for approval
                    .then(outbound.handOn(OutgoingReply.notice("menu-declined-" + message.messageId(),
                            message.conversation(), settings.menuDeclinedText(), OutgoingReply.Purpose.HOLDING,
                            ReplyRecorder.BOT, declined.draftId(), message.messageId())))
                    .thenReturn(declined));
        }
        return closed(asked, open).flatMap(closed -> !closed ? Mono.just(asked)
                : recorder.menuAbandoned(message, open,
                intent == Intent.QUESTION ? "typed" : "handed-off").thenReturn(asked));
    }

    /**
     * A menu nobody answered within the wait: closed, and its question on its way to the agents;
     * empty when it was answered (or closed) meanwhile.
     *
     * @param managerOrBlank the customer's account manager's userid, or blank for none
     */
    Mono<Answer> lapsed(Conversation conversation, String managerOrBlank) {
        OfferedMenu open = conversation.menu();
        String manager = managerOrBlank == null || managerOrBlank.isBlank() ? null : managerOrBlank;
        if (open == null) {
            return Mono.empty();
        }
        String through = conversation.answeredThrough() != null ? conversation.answeredThrough()
                : open.questionMessageId();
        return conversations.update(conversation.key(), c -> c.menuClosed(open.questionMessageId(), clock.instant()))
                .filter(Transition::allowed)
                .flatMap(closed -> recorder.menuAbandoned(conversation.key(), open, "lapsed")
                        .thenReturn(originalQuestion(open, closed.conversation(), manager, through)));
    }

    /** True when this reply closed the menu; false when someone else had (a click and the lapse watch at once). */
    private Mono<Boolean> closed(Answer asked, OfferedMenu open) {
        return conversations.update(asked.message().conversation(),
                        c -> c.menuClosed(open.questionMessageId(), clock.instant()))
                .map(Transition::allowed);
    }

    /**
     * The menu's original question again, declined: its draft id is the question's, so that 人工 and
     * the lapse watch together still queue one draft.
     */
    private static Answer originalQuestion(OfferedMenu open, Conversation conversation, String manager,
                                           String through) {
        InboundMessage original = new InboundMessage(open.questionMessageId(), conversation.key(),
                MessageOrigin.CUSTOMER, MessageKind.TEXT, open.question(), open.offeredAt(), null, null);
        return Answer.of(original, new Question(open.question(), 1, false, through), conversation, manager)
                .withMenu(MenuTurn.declined(open));
    }

    // ------------------------------------------------------------------ answering the choice

    /**
     * The chosen entry as retrieval's finding, served now (the customer's own choice: confidence 1),
     * recorded as a menu choice and as a variant suggestion. An entry no longer served leaves the
     * question to the agents (the original question is retrieved, and no second menu is offered).
     */
    Mono<Answer> chosenEntry(Answer answer) {
        OfferedMenu.Item item = answer.menu().chosen();
        OfferedMenu menu = answer.menu().offered();
        return retriever.served(item.entryId())
                .flatMap(entry -> recorder.menuChosen(answer.message(), menu, item, entry.version())
                        .then(learn(answer, entry))
                        .thenReturn(answer.withRetrieval(new Retrieval(List.of(entry), 1, 1, 0))))
                .switchIfEmpty(Mono.defer(() -> recorder.menuChosen(answer.message(), menu, item, null)
                        .then(retriever.retrieve(answer.question().text(), Math.max(route.menuItems(), 1)))
                        .map(found -> answer.withRetrieval(found).withMenu(MenuTurn.declined(menu)))));
    }

    /** The chosen entry's curated answer (the KB template: grounded by construction); anything else drafts as usual. */
    Mono<Answer> draft(Answer answer) {
        if (answer.menu().step() != RoutingInput.MenuStep.CHOSEN) {
            return drafter.apply(answer);
        }
        DraftRequest request = new DraftRequest(answer.message().conversation().id(), answer.question().text(),
                answer.retrieval().sources(), false);
        return recorder.timed("draft", kbDrafter.draft(request)).map(answer::withDraft);
    }

    /**
     * The customer's words (masked) as a variant of the entry they chose, counted on the content
     * team's review list; a question too vague to say what it is about is not (it would teach the
     * knowledge base to match any such question to the entry). Fails open.
     */
    private Mono<Void> learn(Answer answer, Retrieval.RetrievedEntry entry) {
        String phrasing = answer.question().text().lines().map(String::strip)
                .max(Comparator.comparingInt(String::length)).orElse("");
        if (VagueQuestions.tooVague(phrasing) || phrasing.length() > PhrasingSuggestion.MAX_PHRASING) {
            return Mono.empty();
        }
        return suggestions.add(PhrasingSuggestion.open(phrasing, entry.entryId(), entry.version(), entry.question(),
                        SUGGESTED_BY, answer.draftId(), answer.message().conversation().id(), clock.instant()))
                .flatMap(added -> recorder.choiceSuggested(answer.message(), added))
                .onErrorResume(e -> {
                    // Fail open: the customer's answer does not wait on the content team's review list.
                    log.warn("could not suggest the phrasing of {} as a variant: {}", answer.message(), e.toString());
                    return Mono.empty();
                });
    }
}
