package com.wecomassist.outreach;

import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.Customer;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.engagement.Engagements;
import com.wecomassist.optout.OptOuts;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Gathers what the planner needs to know of one customer when an event arrives ({@link
 * OutreachPlanner.CustomerFacts}): the bank's link (管户, tier), the contact directory's friendships, whether
 * they opted out ({@link OptOuts}), and whether their 管户 engaged them in the first month after adding them
 * ({@link Engagements}: within [addedAt, addedAt + {@link OutreachPlanner#FIRST_MONTH}] of their active
 * friendship), and whether a 微信客服 window is open for a message ({@link KfWindows}). One place, so that every source of a fact about the customer is read the same way by the
 * engine and the simulation.
 */
public class CustomerFactsReader {

    private final CustomerLinks links;
    private final ContactDirectory directory;
    private final OptOuts optOuts;
    private final Engagements engagements;
    private final KfWindows kf;

    public CustomerFactsReader(CustomerLinks links, ContactDirectory directory, OptOuts optOuts,
                               Engagements engagements, KfWindows kf) {
        this.links = links;
        this.directory = directory;
        this.optOuts = optOuts;
        this.engagements = engagements;
        this.kf = kf;
    }

    /** What is known of {@code customer} (an external_userid) at {@code now}. */
    public Mono<OutreachPlanner.CustomerFacts> read(String customer, Instant now) {
        return Mono.zip(links.link(customer).map(Optional::of).defaultIfEmpty(Optional.<CustomerLink>empty()),
                        directory.customer(customer).map(Optional::of).defaultIfEmpty(Optional.<Customer>empty()),
                        optOuts.isOptedOut(customer),
                        kf.open(customer, now).hasElement())
                .flatMap(t -> managerEngaged(customer, t.getT1().orElse(null), t.getT2().orElse(null))
                        .map(engaged -> new OutreachPlanner.CustomerFacts(customer, t.getT1().orElse(null),
                                t.getT2().orElse(null), t.getT4(), t.getT3(), engaged)));
    }

    /** Whether the 管户 engaged the customer in the first month of their (active) friendship. */
    private Mono<Boolean> managerEngaged(String customer, CustomerLink link, Customer contact) {
        if (link == null || link.managerUserId() == null || contact == null) {
            return Mono.just(false);
        }
        Optional<Instant> added = contact.relationships().stream()
                .filter(r -> r.status() == ContactStatus.ACTIVE && r.employee().equals(link.managerUserId()))
                .map(FollowRelationship::addedAt).filter(java.util.Objects::nonNull).findFirst();
        return added.map(from -> engagements.engagedWithin(customer, link.managerUserId(), from,
                from.plus(OutreachPlanner.FIRST_MONTH))).orElse(Mono.just(false));
    }
}
