package com.wecomassist.contacts.wecom;

import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactPages;
import com.wecomassist.wecom.WecomApiClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The sync's pages from WeCom: {@code batch/get_by_user} mapped to {@link ContactEvent#synced} events
 * (the customer's name and unionid; the employee's remark, {@code tag_id[]}, {@code createtime} and
 * {@code state}), each timed when the page was read. Entries without an external_userid or a userid
 * are skipped: there is nothing to key them by.
 */
public class WecomContactPages implements ContactPages {

    private final WecomApiClient api;
    private final Clock clock;

    public WecomContactPages(WecomApiClient api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    @Override
    public Mono<List<String>> employees() {
        return api.followUsers();
    }

    @Override
    public Mono<Page> page(List<String> employees, String cursor, int limit) {
        return api.contactsOfEmployees(employees, cursor, limit).map(answer -> {
            Instant readAt = clock.instant();
            List<ContactEvent> contacts = new ArrayList<>();
            for (JsonNode entry : answer.path("external_contact_list")) {
                JsonNode contact = entry.path("external_contact");
                JsonNode follow = entry.path("follow_info");
                String externalUserId = text(contact, "external_userid");
                String employee = text(follow, "userid");
                if (externalUserId == null || employee == null) {
                    continue;
                }
                List<String> tags = new ArrayList<>();
                follow.path("tag_id").forEach(tag -> tags.add(tag.asString()));
                long createtime = follow.path("createtime").asLong(0);
                contacts.add(ContactEvent.synced(externalUserId, employee, readAt, text(follow, "state"),
                        new ContactEvent.Snapshot(text(contact, "name"), text(contact, "unionid"),
                                text(follow, "remark"), tags, createtime > 0 ? Instant.ofEpochSecond(createtime) : null)));
            }
            return new Page(contacts, text(answer, "next_cursor"));
        });
    }

    /** A field's text; null when absent or empty (WeCom sends "" for what is not set). */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asString();
        return text.isEmpty() ? null : text;
    }
}
