package com.wecomassist.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Named steps that must each complete once, in order: {@link #run()} runs those not yet ticked and
 * stops at the first that fails, so running it again (a retry) never repeats a step that completed.
 * What the dispatcher does after WeCom accepted a reply is such a list: trying it again must not
 * count the reply twice against WeCom's window, nor write its history line or its audit event twice.
 *
 * <p>A step whose store wrote but answered an error (a lost reply from Redis) runs again: its
 * effect may then be there twice. The steps are chosen so that twice errs on the safe side (the
 * window counted once more makes the bot stop one message early, never send one too many).
 */
final class Checklist {

    private record Step(String name, Supplier<Mono<Void>> work) {
    }

    private final List<Step> steps = new ArrayList<>();
    /** Steps before this index completed; one try at a time moves it. */
    private final AtomicInteger ticked = new AtomicInteger();

    /** Adds a step; {@code work} is called afresh on each try. */
    Checklist step(String name, Supplier<Mono<Void>> work) {
        steps.add(new Step(name, work));
        return this;
    }

    /** Runs the steps not yet ticked, in order; fails with the first failure, naming the step. */
    Mono<Void> run() {
        return Flux.defer(() -> Flux.fromIterable(steps.subList(ticked.get(), steps.size())))
                .concatMap(step -> Mono.defer(step.work())
                        .onErrorMap(e -> new StepFailed(step.name(), e))
                        .then(Mono.fromRunnable(ticked::incrementAndGet)))
                .then();
    }

    /** The steps not completed yet, by name. */
    List<String> open() {
        return steps.subList(ticked.get(), steps.size()).stream().map(Step::name).toList();
    }

    /** A step that failed, named, with its cause. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String step, Throwable cause) {
            super(step + " failed: " + cause, cause);
        }
    }
}
