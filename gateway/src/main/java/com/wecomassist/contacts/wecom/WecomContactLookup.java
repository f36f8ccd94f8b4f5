package com.wecomassist.contacts.wecom;

import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactLookup;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code externalcontact/get} mapped to the employee's relationship, in the shape the full sync gives
 * ({@link WecomContactPages}): the customer's name and unionid; the employee's remark, corporate tag ids,
 * {@code createtime} and {@code state}. Only corporate tags (type 1) are kept, as {@code batch/get_by_user}
 * gives them: a personal tag has no id to keep.
 */
public class WecomContactLookup implements ContactLookup {

    /** The tag type of a corporate tag (企业标签) in {@code follow_user[].tags[]}. */
    private static final int CORPORATE_TAG = 1;

    private final WecomApiClient api;

    public WecomContactLookup(WecomApiClient api) {
        this.api = api;
    }

    @Override
    public Mono<ContactEvent> relationship(String externalUserId, String employee, Instant asOf) {
        return api.contact(externalUserId)
                .flatMap(answer -> {
                    JsonNode contact = answer.path("external_contact");
                    for (JsonNode follow : answer.path("follow_user")) {
                        if (employee.equals(WecomContactPages.text(follow, "userid"))) {
                            return Mono.just(synced(externalUserId, employee, asOf, contact, follow));
                        }
                    }
                    return Mono.<ContactEvent>empty();
                })
                .onErrorResume(WecomApiException.class, e -> e.errcode() == WecomApiException.INVALID_EXTERNAL_USERID
                        || e.errcode() == WecomApiException.NO_CONTACT_RELATIONSHIP ? Mono.empty() : Mono.error(e));
    }

    private static ContactEvent synced(String externalUserId, String employee, Instant asOf, JsonNode contact,
                                       JsonNode follow) {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : follow.path("tags")) {
            String id = WecomContactPages.text(tag, "tag_id");
            if (id != null && tag.path("type").asInt(CORPORATE_TAG) == CORPORATE_TAG) {
                tags.add(id);
            }
        }
        long createtime = follow.path("createtime").asLong(0);
        return ContactEvent.synced(externalUserId, employee, asOf, WecomContactPages.text(follow, "state"),
                new ContactEvent.Snapshot(WecomContactPages.text(contact, "name"),
                        WecomContactPages.text(contact, "unionid"), WecomContactPages.text(follow, "remark"), tags,
                        createtime > 0 ? Instant.ofEpochSecond(createtime) : null));
    }
}
