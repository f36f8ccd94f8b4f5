package com.wecomassist.outreach;

import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.Customer;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Gathers what the planner needs to know of one customer when an event arrives ({@link
 * OutreachPlanner.CustomerFacts}): the bank's link (管户, tier) and the contact directory's friendships.
 * One place, so that every source of a fact about the customer is read the same way by the engine and
 * the simulation.
 */
public class CustomerFactsReader {

    private final CustomerLinks links;
    private final ContactDirectory directory;
    private final KfWindows kf;

    public CustomerFactsReader(CustomerLinks links, ContactDirectory directory, KfWindows kf) {
        this.links = links;
        this.directory = directory;
        this.kf = kf;
    }

    /** What is known of {@code customer} (an external_userid) at {@code now}. */
    public Mono<OutreachPlanner.CustomerFacts> read(String customer, Instant now) {
        return Mono.zip(links.link(customer).map(Optional::of).defaultIfEmpty(Optional.<CustomerLink>empty()),
                        directory.customer(customer).map(Optional::of).defaultIfEmpty(Optional.<Customer>empty()),
                        kf.open(customer, now).hasElement())
                .map(t -> new OutreachPlanner.CustomerFacts(customer, t.getT1().orElse(null), t.getT2().orElse(null),
                        t.getT3(), false, false));
    }
}
