package com.wecomassist.contacts;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Brings an employee's edit into the directory at once: an {@code edit_external_contact} callback says
 * only who edited whom, so the relationship is read from WeCom ({@link ContactLookup}) and applied as a
 * sync of that one relationship (remark, tags, and what else WeCom answers), instead of waiting for the
 * next full sync.
 *
 * <p>The read is timed by the edit's own {@code CreateTime}, WeCom's clock, not ours: WeCom answers with
 * a state at least as new as the edit, and {@link FollowRules} then order it against every callback
 * exactly as they order the callbacks among themselves (a removal after the edit still wins; a read
 * answered again changes nothing; an edit that came after something newer is not read at all). Our own
 * clock running ahead of WeCom's could otherwise stamp the read later than a removal still on its way.
 * Two edits within one second are one callback to the directory (the second is a duplicate): the next
 * full sync brings what the second changed.
 *
 * <p>Runs after the callback is answered (a listener), on the reactive API client: nothing blocks. A
 * failed read is counted ({@code assist.contacts.edit_refreshes{outcome="FAILED"}}) and left to the
 * next sync.
 */
public class EditRefresh implements ContactEventListener {

    private final ContactLookup lookup;
    private final ContactDirectory directory;
    private final MeterRegistry meters;

    public EditRefresh(ContactLookup lookup, ContactDirectory directory, MeterRegistry meters) {
        this.lookup = lookup;
        this.directory = directory;
        this.meters = meters;
    }

    @Override
    public Mono<Void> onContactEvent(ContactEvent event, ApplyOutcome outcome) {
        if (event.kind() != ContactEvent.Kind.EDITED || outcome != ApplyOutcome.APPLIED) {
            return Mono.empty();
        }
        return lookup.relationship(event.externalUserId(), event.employee(), event.at())
                .flatMap(directory::apply)
                .map(ApplyOutcome::name)
                // no longer followed: the removal's own callback tells the directory
                .defaultIfEmpty("GONE")
                .doOnNext(this::count)
                .doOnError(e -> count("FAILED"))
                .then();
    }

    private void count(String outcome) {
        meters.counter("assist.contacts.edit_refreshes", "outcome", outcome).increment();
    }
}
