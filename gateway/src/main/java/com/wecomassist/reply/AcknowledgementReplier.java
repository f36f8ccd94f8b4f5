package com.wecomassist.reply;

import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.inbound.SessionEvent;
import com.wecomassist.outbound.ConversationNotServableException;
import com.wecomassist.outbound.OutboundReply;
import com.wecomassist.outbound.ReplySender;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.Turn;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * PLACEHOLDER until the reply pipeline exists: answers each customer text with an honest
 * acknowledgement ("received; a colleague will answer") instead of a drafted answer, so that the
 * whole WeCom path (callback → sync_msg → send_msg) works end to end. It already does what the
 * pipeline will keep doing: records every turn (servicers' messages included, which are never
 * answered), sends the welcome on enter_session, answers non-text politely, skips stale messages,
 * and stops when WeCom says a person owns the session (95018).
 */
public class AcknowledgementReplier implements InboundMessageHandler {

    private static final Logger log = LoggerFactory.getLogger(AcknowledgementReplier.class);

    static final String ACKNOWLEDGEMENT =
            "您好，我们已收到您的消息。智能应答功能正在建设中，工作人员会尽快为您解答，请稍候。";

    private final ReplySender sender;
    private final ConversationHistory history;
    private final ReplyProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public AcknowledgementReplier(ReplySender sender, ConversationHistory history, ReplyProperties settings,
                                  MeterRegistry meters, Clock clock) {
        this.sender = sender;
        this.history = history;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public Mono<Void> handle(InboundMessage message) {
        return switch (message.origin()) {
            case SERVICER -> record(message, Turn.Author.SERVICER, message.text());
            case SYSTEM -> onEvent(message);
            case CUSTOMER, EMPLOYEE -> onWords(message);
        };
    }

    private Mono<Void> onWords(InboundMessage message) {
        Turn.Author author = message.origin() == MessageOrigin.CUSTOMER
                ? Turn.Author.CUSTOMER : Turn.Author.EMPLOYEE;
        String said = message.kind() == MessageKind.TEXT || message.kind() == MessageKind.MENU_CHOICE
                ? message.text() : "[" + message.kind().name().toLowerCase() + "]";
        Mono<Void> recorded = record(message, author, said);
        if (message.sentAt().isBefore(clock.instant().minus(settings.maxMessageAge()))) {
            meters.counter("assist.reply.skipped", "reason", "stale").increment();
            return recorded;
        }
        String text = message.kind() == MessageKind.TEXT || message.kind() == MessageKind.MENU_CHOICE
                ? ACKNOWLEDGEMENT : settings.nonTextText();
        return recorded.then(reply(OutboundReply.text("ack-" + message.messageId(), message.conversation(), text)));
    }

    private Mono<Void> onEvent(InboundMessage message) {
        SessionEvent event = message.event();
        if (event == null) {
            return Mono.empty();
        }
        Mono<Void> recorded = record(message, Turn.Author.SYSTEM, describe(event));
        if (SessionEvent.ENTER_SESSION.equals(event.type()) && event.code() != null) {
            return recorded.then(reply(new OutboundReply("welcome-" + message.messageId(), message.conversation(),
                    settings.welcomeText(), event.code())));
        }
        if (SessionEvent.MSG_SEND_FAIL.equals(event.type())) {
            meters.counter("assist.outbound.delivery_failed").increment();
            log.warn("WeCom could not deliver {} in {} (fail_type {})", event.detail("fail_msgid"),
                    message.conversation(), event.detail("fail_type"));
        }
        return recorded;
    }

    private Mono<Void> reply(OutboundReply reply) {
        return sender.send(reply)
                .flatMap(sent -> history.append(reply.conversation(),
                        new Turn(Turn.Author.BOT, reply.text(), clock.instant(), reply.replyId())))
                .doOnSuccess(v -> meters.counter("assist.reply.sent", "kind", "acknowledgement").increment())
                .onErrorResume(ConversationNotServableException.class, e -> {
                    // A person owns the conversation: the bot stays silent, nothing to retry.
                    meters.counter("assist.reply.skipped", "reason", "human_owns_session").increment();
                    log.info("not answering in {}: a person owns the session", reply.conversation());
                    return Mono.empty();
                });
    }

    private Mono<Void> record(InboundMessage message, Turn.Author author, String text) {
        return history.append(message.conversation(),
                new Turn(author, text == null ? "" : text, message.sentAt(), message.messageId()));
    }

    private static String describe(SessionEvent event) {
        return switch (event.type()) {
            case SessionEvent.ENTER_SESSION -> "客户进入会话";
            case SessionEvent.SESSION_STATUS_CHANGE -> "会话状态变更 change_type=" + event.detail("change_type")
                    + (event.detail("new_servicer_userid") != null ? " 接待人员=" + event.detail("new_servicer_userid") : "");
            case SessionEvent.MSG_SEND_FAIL -> "消息发送失败 " + event.detail("fail_msgid");
            default -> event.type();
        };
    }
}
