package com.wecomassist.reply;

import com.wecomassist.compliance.Verdict;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.draft.Draft;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.route.RoutingDecision;

/**
 * One customer message on its way through the reply stages, carrying what each stage found: the
 * session stage the question, the conversation and the account manager; retrieval the entries;
 * drafting the draft; compliance the verdict; routing the decision. A stage adds its finding with
 * its own {@code with…} method; what a stage has not reached yet is null (a question that needs a
 * person is routed without retrieval, draft or verdict).
 *
 * @param manager the customer's account manager's userid, or null
 * @param menu    where the question stands with a 猜你想问 menu (asked anew, menu declined, entry chosen)
 */
record Answer(InboundMessage message, Question question, Conversation conversation, String manager,
              Retrieval retrieval, Draft draft, Verdict verdict, RoutingDecision decision, MenuTurn menu) {

    static Answer of(InboundMessage message, Question question, Conversation conversation, String manager) {
        return new Answer(message, question, conversation, manager, null, null, null, null, MenuTurn.ASKED);
    }

    /** The draft's id, derived from the customer's msgid: a redelivered message drafts the same id. */
    String draftId() {
        return draftId(message);
    }

    static String draftId(InboundMessage message) {
        return "d-" + message.messageId();
    }

    Answer withConversation(Conversation now) {
        return new Answer(message, question, now, manager, retrieval, draft, verdict, decision, menu);
    }

    Answer withRetrieval(Retrieval found) {
        return new Answer(message, question, conversation, manager, found, draft, verdict, decision, menu);
    }

    Answer withDraft(Draft drafted) {
        return new Answer(message, question, conversation, manager, retrieval, drafted, verdict, decision, menu);
    }

    Answer withVerdict(Verdict checked) {
        return new Answer(message, question, conversation, manager, retrieval, draft, checked, decision, menu);
    }

    Answer withDecision(RoutingDecision routed) {
        return new Answer(message, question, conversation, manager, retrieval, draft, verdict, routed, menu);
    }

    /** The same question at another step with a 猜你想问 menu. */
    Answer withMenu(MenuTurn turn) {
        return new Answer(message, question, conversation, manager, retrieval, draft, verdict, decision, turn);
    }

    @Override
    public String toString() {
        // no texts: this ends up in logs, and the question can hold personal data the masker missed
        return "Answer[" + message + (decision != null ? " " + decision.route() : "") + "]";
    }
}
