package com.wecomassist.reply;

import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.PeriodicCheck;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Looks for 猜你想问 menus nobody answered within {@code assist.route.menu-wait} and sends their
 * questions to the agents with the candidates. The menus are read from the conversation store (the
 * Redis adapter keeps them in an index), so in cluster mode every instance looks; closing a menu is a
 * versioned write, so only one of them (or the customer's click arriving at that moment) acts.
 */
public class MenuWatch extends PeriodicCheck {

    private static final Logger log = LoggerFactory.getLogger(MenuWatch.class);

    private final ReplyPipeline pipeline;
    private final ConversationStore conversations;
    private final Clock clock;

    MenuWatch(ReplyPipeline pipeline, ConversationStore conversations, Duration interval, Clock clock) {
        super("menu check", interval);
        this.pipeline = pipeline;
        this.conversations = conversations;
        this.clock = clock;
    }

    /** One pass: every menu lapsed by now goes to the agents; answers how many this instance sent on. */
    @Override
    public Mono<Integer> checkOnce() {
        return conversations.menusLapsed(clock.instant())
                .concatMap(conversation -> pipeline.menuLapsed(conversation).thenReturn(1)
                        .onErrorResume(e -> {
                            // tried again on the next pass: the menu stays open until its question is on its way
                            log.warn("lapsed menu of {} not handled yet: {}", conversation.key(), e.toString());
                            return Mono.just(0);
                        }))
                .reduce(0, Integer::sum);
    }
}
