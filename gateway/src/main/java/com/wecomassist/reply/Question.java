package com.wecomassist.reply;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.session.Turn;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What the bot answers: the customer's unanswered lines of this burst (masked), oldest first.
 *
 * @param conversationStart true when the bot has not spoken in the kept history (the reply greets)
 * @param through           the message id of the newest line answered, recorded when drafting starts
 */
record Question(String text, int lines, boolean conversationStart, String through) {

    /**
     * The lines after the last reply: walking back from the newest turn, the customer's lines up
     * to the bot's (or a person's) last turn, or to the line a previous draft already took up.
     * The second stop matters because a reply enters the history only after it is sent: a line
     * the customer writes in that moment must not be read together with the one just answered.
     *
     * @param answeredThrough the conversation's {@link Conversation#answeredThrough()}
     */
    static Question from(List<Turn> recent, InboundMessage message, String maskedText, ReplyProperties settings,
                         String answeredThrough) {
        // This very line already taken up means a try that did not finish (the message was
        // redelivered): answer it as if it were new.
        String takenUp = message.messageId().equals(answeredThrough) ? null : answeredThrough;
        Deque<String> lines = new ArrayDeque<>();
        String through = null;
        Instant earliest = message.sentAt().minus(settings.burstSpan());
        for (int i = recent.size() - 1; i >= 0 && lines.size() < settings.maxBurstLines(); i--) {
            Turn turn = recent.get(i);
            if (!turn.fromPersonServed() || turn.at().isBefore(earliest) || (takenUp != null && takenUp.equals(turn.ref()))) {
                break;
            }
            if (through == null) {
                through = turn.ref();
            }
            if (turn.kind() == Turn.Kind.TEXT) {
                lines.addFirst(turn.text());
            }
        }
        if (lines.isEmpty()) {
            lines.add(maskedText);
        }
        boolean botSpoke = takenUp != null || recent.stream().anyMatch(t -> t.author() == Turn.Author.BOT);
        return new Question(String.join("\n", lines), lines.size(), !botSpoke,
                through == null ? message.messageId() : through);
    }
}
