package com.wecomassist.privacy;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditSkeleton;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.FlaggedDraft;
import com.wecomassist.comply.RecentTexts;
import com.wecomassist.contacts.ContactChange;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.Customer;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.Engagements;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.Refused;
import com.wecomassist.error.TransientException;
import com.wecomassist.events.BankEvent;
import com.wecomassist.events.BankEvents;
import com.wecomassist.learn.DecidedDraft;
import com.wecomassist.learn.DecidedDrafts;
import com.wecomassist.learn.KnowledgeGap;
import com.wecomassist.learn.KnowledgeGaps;
import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.learn.PhrasingSuggestions;
import com.wecomassist.optout.OptOut;
import com.wecomassist.optout.OptOuts;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.ConversationTurns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One customer's personal data (PIPL: the right to a copy and to erasure), for an administrator:
 * everything the gateway holds about an {@code external_userid}, across every 微信客服 account they
 * wrote to, exported as one document per store, or erased everywhere. Both are audited with who
 * asked, which customer, when and how much, never the text itself.
 *
 * <p>Erasure: each store forgets the customer's items (conversation state, history, waiting drafts,
 * knowledge gaps, suggested variants, decided drafts, the compliance officer's checked texts, the
 * bank's behaviour events of theirs, the bank's link of them to its customer number, the 客户联系 directory's
 * record of them, their employees' engagements of them); the
 * audit trail, append-only, keeps each event's skeleton and loses its text ({@link AuditSkeleton}).
 * The {@code CUSTOMER_ERASED} events are recorded before anything is erased, one per conversation
 * (so that in the durable trail each follows that conversation's events), naming what was found: no
 * erasure without its trail. Erasing again finds nothing and erases nothing, and is recorded too.
 * The stores are shared in cluster mode (Redis), so one instance's erasure holds for all.
 *
 * <p>The 客户联系 welcomes sent to the customer are on the trail under {@code contact:<userid>:<external_userid>},
 * one conversation per employee: the export names them by their trail ids (found through the
 * directory's relationships, which every welcome follows, so they are read before the directory is
 * erased), and the erasure's {@code CUSTOMER_ERASED} events name those conversations too. Their text
 * is the bank's template, not the customer's words, so the trail keeps them as they are.
 *
 * <p>An opt-out (退订, {@link OptOuts}) is in the export and is kept through the erasure: the suppression
 * list exists so that the person is not contacted again, which erasing it would undo (the erasure's answer
 * and every export say so, {@link #NOT_HELD_HERE}).
 */
public class PrivacyDesk {

    private static final Logger log = LoggerFactory.getLogger(PrivacyDesk.class);

    /** What a WeCom external_userid looks like (letters, digits, {@code _ - . @}), generously bounded. */
    private static final Pattern EXTERNAL_USER_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");

    /** The stores, by the name the export, the erasure and the audit trail use, in the order erased. */
    public static final List<String> STORES = List.of("approvalQueue", "history", "knowledgeGaps",
            "phrasingSuggestions", "decidedDrafts", "checkedTexts", "bankEvents", "customerLinks", "contactDirectory",
            "engagements", "auditTrail", "conversations");

    /** A conversation's trail events read for its welcomes, at most: far above the welcomes one pair ever gets. */
    private static final int WELCOME_EVENTS_READ = 1000;

    /** What the gateway cannot reach from here, said in every export and erasure. */
    static final List<String> NOT_HELD_HERE = List.of(
            "the durable audit trail already written (cluster mode: the assist.audit Kafka topic; embedded mode: the "
                    + "assist.audit log): the CUSTOMER_ERASED events tell the archive to redact the same fields",
            "cluster mode's Kafka topics of messages in transit (assist.inbound, assist.outbound and their -dlt): kept "
                    + "for the brokers' retention",
            "the bank's own records of the customer: its CRM, the files it imported and its assist.customer-links "
                    + "topic (cluster mode), which may link the customer again until the bank stops sending them",
            "the bank's behaviour events in its assist.bank-events topic (cluster mode) and their -dlt, and the ids of "
                    + "erased events, which the gateway keeps (without the customer) so that a replay adds nothing",
            "knowledge-base entries and compliance exemplars made from a customer's words by the content team or a "
                    + "compliance officer: the bank's curated content, masked, no longer the customer's data",
            "WeCom's own 客户联系 records: while the customer is still an employee's contact there, the next callback "
                    + "or full sync brings that relationship (not their conversations) back into the contact directory",
            "the suppression list (optOuts): a customer who opted out of marketing messages stays opted out after an "
                    + "erasure, so that they are not contacted again; a member of staff opts them back in at their request");

    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final ApprovalQueue approvals;
    private final AuditTrail audit;
    private final KnowledgeGaps gaps;
    private final PhrasingSuggestions suggestions;
    private final DecidedDrafts decided;
    private final RecentTexts checked;
    private final CustomerLinks links;
    private final ContactDirectory contacts;
    private final BankEvents events;
    private final OptOuts optOuts;
    private final Engagements engagements;
    private final Clock clock;

    public PrivacyDesk(ConversationStore conversations, ConversationHistory history, ApprovalQueue approvals,
                       AuditTrail audit, KnowledgeGaps gaps, PhrasingSuggestions suggestions, DecidedDrafts decided,
                       RecentTexts checked, CustomerLinks links, ContactDirectory contacts, BankEvents events,
                       OptOuts optOuts, Engagements engagements, Clock clock) {
        this.conversations = conversations;
        this.history = history;
        this.approvals = approvals;
        this.audit = audit;
        this.gaps = gaps;
        this.suggestions = suggestions;
        this.decided = decided;
        this.checked = checked;
        this.links = links;
        this.contacts = contacts;
        this.events = events;
        this.optOuts = optOuts;
        this.engagements = engagements;
        this.clock = clock;
    }

    /**
     * Every item of the customer's data each store holds, as an export: read, then recorded in the
     * trail ({@code CUSTOMER_EXPORTED} with the counts), then answered; a failed record fails the export.
     */
    public Mono<CustomerExport> export(String externalUserId, String admin) {
        String customer = checked(externalUserId);
        return held(customer).flatMap(stores -> {
            Instant at = clock.instant();
            CustomerExport export = new CustomerExport(customer, at, admin, stores.conversationIds(), stores,
                    stores.counts(), NOT_HELD_HERE);
            return record(true, customer, admin, at, stores.conversationIds(), stores.counts())
                    .doOnSuccess(done -> log.info("{} exported the data of customer {}: {}", admin, customer,
                            stores.counts()))
                    .thenReturn(export);
        }).onErrorMap(PrivacyDesk::unavailable);
    }

    /**
     * Erases the customer's data in every store: what was found is recorded first
     * ({@code CUSTOMER_ERASED}), then each store erases, and the answer says how much each did.
     */
    public Mono<CustomerErasure> erase(String externalUserId, String admin) {
        String customer = checked(externalUserId);
        return held(customer).flatMap(found -> {
            Instant at = clock.instant();
            List<String> ids = found.conversationIds();
            return record(false, customer, admin, at, ids, found.counts())
                    .then(Flux.fromIterable(STORES).concatMap(store -> eraser(store, customer)
                                    .map(n -> Map.entry(store, n)))
                            .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new))
                    .map(erased -> new CustomerErasure(customer, at, admin, ids, ordered(erased), NOT_HELD_HERE))
                    .doOnSuccess(erasure -> log.info("{} erased the data of customer {}: {}", admin, customer,
                            erasure.erased()));
        }).onErrorMap(PrivacyDesk::unavailable);
    }

    private Mono<Long> eraser(String store, String customer) {
        return switch (store) {
            case "approvalQueue" -> approvals.eraseCustomer(customer);
            case "history" -> history.eraseCustomer(customer);
            case "knowledgeGaps" -> gaps.eraseCustomer(customer);
            case "phrasingSuggestions" -> suggestions.eraseCustomer(customer);
            case "decidedDrafts" -> decided.eraseCustomer(customer);
            case "checkedTexts" -> checked.flagged().eraseCustomer(customer)
                    .zipWith(checked.passed().eraseCustomer(customer), Long::sum);
            case "bankEvents" -> events.erase(customer); // before the link, which names their customer number
            case "customerLinks" -> links.erase(customer);
            case "contactDirectory" -> contacts.erase(customer);
            case "engagements" -> engagements.erase(customer);
            case "auditTrail" -> audit.eraseCustomer(customer);
            case "conversations" -> conversations.eraseCustomer(customer);
            default -> throw new IllegalArgumentException("unknown store " + store);
        };
    }

    /** What every store holds of the customer now. */
    private Mono<Stores> held(String customer) {
        return Mono.zip(
                approvals.forCustomer(customer).collectList(),
                history.forCustomer(customer).collectList(),
                gaps.forCustomer(customer).collectList(),
                suggestions.forCustomer(customer).collectList(),
                decided.forCustomer(customer).collectList(),
                checked.flagged().forCustomer(customer).concatWith(checked.passed().forCustomer(customer)).collectList(),
                audit.forCustomer(customer).collectList(),
                conversations.forCustomer(customer).collectList())
                .zipWith(Mono.zip(links.link(customer).map(List::of).defaultIfEmpty(List.of()),
                        // the welcomes are found through the record's relationships: one read of the directory
                        contactRecord(customer).collectList().zipWhen(records -> Flux.fromIterable(records)
                                .concatMap(record -> welcomes(record, customer)).collectList()),
                        events.recent(customer, Instant.EPOCH, Integer.MAX_VALUE).collectList(),
                        engagements.of(customer).collectList(),
                        optOuts.optOutOf(customer).map(List::of).defaultIfEmpty(List.of())))
                .map(both -> {
                    var all = both.getT1();
                    var more = both.getT2();
                    return new Stores(all.getT8(), all.getT2(), all.getT1(), all.getT7(), all.getT3(), all.getT4(),
                            all.getT5(), all.getT6(), more.getT1(), more.getT2().getT1(), more.getT2().getT2(),
                            more.getT3(), more.getT4(), more.getT5());
                });
    }

    /** The directory's record of the customer: none, or one with their relationships and history. */
    private Flux<ContactRecord> contactRecord(String customer) {
        return contacts.customer(customer)
                .zipWhen(known -> contacts.history(customer).collectList(), ContactRecord::new)
                .flux();
    }

    /** The trail's welcome events of each employee the directory says the customer has (or had). */
    private Flux<WelcomeMessage> welcomes(ContactRecord record, String customer) {
        return Flux.fromIterable(record.customer().relationships())
                .map(FollowRelationship::employee)
                .concatMap(employee -> audit.ofConversation("contact:" + employee + ":" + customer, WELCOME_EVENTS_READ)
                        .filter(e -> "CONTACT_WELCOME".equals(e.details().get("purpose")))
                        .map(e -> new WelcomeMessage(e.conversation(), e.subject(), e.type(), e.at(), employee,
                                (String) e.details().get("template"), e.details().get("version") instanceof Number n
                                        ? n.longValue() : 0)));
    }

    /** One event per conversation found (each follows its conversation's events), or one about none. */
    private Mono<Void> record(boolean exported, String customer, String admin, Instant at, List<String> ids,
                              Map<String, Long> counts) {
        AuditDetails details = new AuditDetails.CustomerData(exported, customer, ids, counts);
        List<AuditEvent> events = new ArrayList<>();
        for (String id : ids.isEmpty() ? java.util.Collections.<String>singletonList(null) : ids) {
            events.add(AuditEvent.of(id, "customer:" + customer, admin, at, details));
        }
        return audit.recordAll(events);
    }

    private static Map<String, Long> ordered(Map<String, Long> erased) {
        Map<String, Long> out = new LinkedHashMap<>();
        STORES.stream().sorted().forEach(store -> out.put(store, erased.getOrDefault(store, 0L)));
        return out;
    }

    private static String checked(String externalUserId) {
        if (externalUserId == null || !EXTERNAL_USER_ID.matcher(externalUserId).matches()) {
            throw Refused.invalid("INVALID_CUSTOMER", "name the customer by their external_userid (letters, digits, "
                    + "'_', '-', '.', '@'; at most 128)");
        }
        return externalUserId;
    }

    /** A store that could not be read or written: the administrator may try again (both are idempotent). */
    private static Throwable unavailable(Throwable e) {
        return e instanceof AssistException || e instanceof Refused ? e
                : new TransientException("the customer's data could not be reached: " + e.getMessage(), e);
    }

    /**
     * What each store holds of one customer, under the names of {@link #STORES}.
     *
     * @param conversations the conversations' states (who holds them, the reply window, an open menu)
     * @param history       what was said in each conversation, as kept for drafting and agents
     * @param approvalQueue drafts waiting for an agent, with the customer's words and the candidates
     * @param auditTrail    the trail's copies for reading of the customer's conversations
     * @param knowledgeGaps questions of theirs the knowledge base could not answer with confidence
     * @param phrasingSuggestions their words suggested as variants of entries
     * @param decidedDrafts low-confidence drafts agents decided, kept so a question can become a variant
     * @param checkedTexts  the compliance officer's recent checked texts from their conversations
     * @param customerLinks the bank's link of the customer to its customer number, 管户 and tier (0 or 1)
     * @param contactDirectory the 客户联系 directory's record: their relationships with employees (status,
     *                      channel code, tags, remark) and the history of changes (0 or 1)
     * @param welcomeMessages the 客户联系 welcomes sent to them (or not sent), by their audit-trail ids; read
     *                      from the trail, not erased with the stores (see the class comment)
     * @param bankEvents    the bank's behaviour events of theirs within the window, those it sent under their
     *                      customer number before linking them included (attributes masked as stored)
     * @param engagements   employees' engagements of the customer (who, when, how the gateway knows)
     * @param optOuts       their opt-out of marketing messages (0 or 1); export only: kept through an erasure
     */
    public record Stores(List<Conversation> conversations, List<ConversationTurns> history,
                         List<QueuedDraft> approvalQueue, List<AuditEvent> auditTrail,
                         List<KnowledgeGap> knowledgeGaps, List<PhrasingSuggestion> phrasingSuggestions,
                         List<DecidedDraft> decidedDrafts, List<FlaggedDraft> checkedTexts,
                         List<CustomerLink> customerLinks, List<ContactRecord> contactDirectory,
                         List<WelcomeMessage> welcomeMessages, List<BankEvent> bankEvents,
                         List<Engagement> engagements, List<OptOut> optOuts) {

        /** Items per store, by name in alphabetical order; for the trail, the events that still carry text. */
        Map<String, Long> counts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("approvalQueue", (long) approvalQueue.size());
            counts.put("auditTrail", auditTrail.stream().filter(e -> AuditSkeleton.of(e) != e).count());
            counts.put("bankEvents", (long) bankEvents.size());
            counts.put("checkedTexts", (long) checkedTexts.size());
            counts.put("contactDirectory", contactDirectory.stream()
                    .mapToLong(r -> r.customer().relationships().size() + r.history().size()).sum());
            counts.put("conversations", (long) conversations.size());
            counts.put("customerLinks", (long) customerLinks.size());
            counts.put("decidedDrafts", (long) decidedDrafts.size());
            counts.put("engagements", (long) engagements.size());
            counts.put("history", history.stream().mapToLong(t -> t.turns().size()).sum());
            counts.put("knowledgeGaps", (long) knowledgeGaps.size());
            counts.put("optOuts", (long) optOuts.size());
            counts.put("phrasingSuggestions", (long) phrasingSuggestions.size());
            counts.put("welcomeMessages", (long) welcomeMessages.size());
            return counts;
        }

        /** Every conversation any store names, by id. */
        List<String> conversationIds() {
            TreeSet<String> ids = new TreeSet<>();
            Stream.of(conversations.stream().map(c -> c.key().id()),
                            history.stream().map(t -> t.conversation().id()),
                            approvalQueue.stream().map(q -> q.draft().conversation().id()),
                            auditTrail.stream().map(AuditEvent::conversation),
                            knowledgeGaps.stream().map(KnowledgeGap::conversation),
                            phrasingSuggestions.stream().map(PhrasingSuggestion::conversation),
                            decidedDrafts.stream().map(DecidedDraft::conversation),
                            checkedTexts.stream().map(FlaggedDraft::conversation),
                            welcomeMessages.stream().map(WelcomeMessage::conversation))
                    .flatMap(s -> s)
                    .filter(java.util.Objects::nonNull)
                    .forEach(ids::add);
            return List.copyOf(ids);
        }
    }

    /**
     * The contact directory's record of a customer.
     *
     * @param customer their name and unionid as the sync read them, and every relationship
     * @param history  the changes the directory applied, oldest first (the newest {@code history-limit})
     */
    public record ContactRecord(Customer customer, List<ContactChange> history) {
    }

    /**
     * A 客户联系 welcome on the audit trail: where to find it and what was (not) sent.
     *
     * @param conversation the trail's conversation id, {@code contact:<userid>:<external_userid>}
     * @param subject      the event's subject there (the add event's welcome code)
     * @param type         {@code SENT}, or {@code NOT_SENT} with the reason in the trail
     * @param template     the template key used, when one was chosen
     * @param version      its version (0: shipped with the gateway)
     */
    public record WelcomeMessage(String conversation, String subject, AuditEvent.Type type, Instant at,
                                 String employee, String template, long version) {
    }

    /**
     * A customer's data as the gateway holds it.
     *
     * @param conversations every conversation of theirs any store names ({@code kf:<open_kfid>:<external_userid>})
     * @param stores        each store's items
     * @param counts        items per store (for the trail: events that carry text)
     * @param notHeldHere   where else the customer's data may be, which this gateway cannot reach
     */
    public record CustomerExport(String externalUserId, Instant exportedAt, String exportedBy,
                                 List<String> conversations, Stores stores, Map<String, Long> counts,
                                 List<String> notHeldHere) {
    }

    /**
     * What an erasure did.
     *
     * @param conversations the customer's conversations it found
     * @param erased        store → items erased (for the trail: events whose text was redacted)
     */
    public record CustomerErasure(String externalUserId, Instant erasedAt, String erasedBy, List<String> conversations,
                                  Map<String, Long> erased, List<String> notHeldHere) {
    }
}
