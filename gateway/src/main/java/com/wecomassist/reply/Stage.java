package com.wecomassist.reply;

import reactor.core.publisher.Mono;

/**
 * One step of the reply flow: takes the {@link Answer} as the stages before left it and adds what
 * it found. Empty means the flow stops here (the stage has recorded why); an error means the step
 * failed and the message is tried again.
 */
@FunctionalInterface
interface Stage {

    Mono<Answer> apply(Answer answer);
}
