package com.wecomassist.reply;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.Transition;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.session.ConversationHistory;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * session: who holds the conversation, what the question is (the customer's unanswered lines), whose
 * customer it is; and, once the bot is to answer, the conversation moved to drafting. The bot stays
 * silent while a person holds the conversation or an agent decides on its previous draft.
 */
final class SessionStage {

    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final AccountManagers accountManagers;
    private final ReplyProperties settings;
    private final ReplyRecorder recorder;
    private final Clock clock;

    SessionStage(ConversationStore conversations, ConversationHistory history, AccountManagers accountManagers,
                 ReplyProperties settings, ReplyRecorder recorder, Clock clock) {
        this.conversations = conversations;
        this.history = history;
        this.accountManagers = accountManagers;
        this.settings = settings;
        this.recorder = recorder;
        this.clock = clock;
    }

    /**
     * The question this message asks, or empty when the bot is silent.
     *
     * @param said the message's text, masked (the question's last line when the history has none)
     */
    Mono<Answer> open(InboundMessage message, String said) {
        return Mono.zip(conversations.get(message.conversation()), history.recent(message.conversation()),
                        accountManagers.of(message.conversation()).defaultIfEmpty(""))
                .flatMap(found -> {
                    Conversation conversation = found.getT1();
                    ConversationState state = conversation.state();
                    if (!state.botHolds() || state == ConversationState.AWAITING_APPROVAL) {
                        return recorder.silent(message, state).then(Mono.<Answer>empty());
                    }
                    Question question = Question.from(found.getT2(), message, said, settings,
                            conversation.answeredThrough());
                    String manager = found.getT3().isEmpty() ? null : found.getT3();
                    return Mono.just(Answer.of(message, question, conversation, manager));
                });
    }

    /** The customer's account manager's userid, or "" for none (a question resumed without a message: a lapsed menu's). */
    Mono<String> managerOf(ConversationKey key) {
        return accountManagers.of(key).defaultIfEmpty("");
    }

    /** The conversation moves to drafting, taking the question's lines up; empty when the bot may not reply now. */
    Mono<Answer> startDrafting(Answer answer) {
        return conversations.update(answer.message().conversation(),
                        c -> c.draftingStarted(clock.instant(), answer.question().through()))
                .flatMap(started -> started.allowed() ? Mono.just(answer.withConversation(started.conversation()))
                        : refused(answer, started));
    }

    private Mono<Answer> refused(Answer answer, Transition refused) {
        Conversation now = refused.conversation();
        return recorder.notAnswered(answer.message(), "the bot may not reply now (" + now.state()
                        + (now.replyWindowOpen(clock.instant()) ? "" : ", reply window closed") + ")")
                .then(Mono.<Answer>empty());
    }
}
