package com.wecomassist.simulator.contacts;

import com.wecomassist.simulator.SimulatedCallbacks;
import com.wecomassist.simulator.contacts.ContactsSimulator.ContactEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Posts each 客户联系 event as WeCom does — a {@code change_external_contact} callback, encrypted and
 * signed like every other, re-sent when not answered 200 — in the order people caused them, and keeps
 * the newest {@link #KEPT} outcomes so that the page and tests can see whether the gateway took them.
 * A clock tick completes due takeovers while nobody acts, so their events come without a request.
 */
class ContactCallbacks {

    private static final Logger log = LoggerFactory.getLogger(ContactCallbacks.class);
    static final int KEPT = 200;

    /** One event posted: what it said, and whether the gateway answered 200. */
    record Posted(String changeType, String userid, String externalUserId, String outcome) {
    }

    private final ContactsSimulator contacts;
    private final SimulatedCallbacks callbacks;
    private final String corpId;
    private final Duration tick;
    private final Deque<Posted> posted = new ArrayDeque<>();
    private Disposable subscription;
    private Disposable ticking;

    ContactCallbacks(ContactsSimulator contacts, SimulatedCallbacks callbacks, String corpId, Duration tick) {
        this.contacts = contacts;
        this.callbacks = callbacks;
        this.corpId = corpId;
        this.tick = tick;
    }

    void start() {
        // one at a time, in order: WeCom's events of one customer arrive in the order they happened
        subscription = contacts.events()
                .concatMap(event -> callbacks.postEvent(xml(event))
                        .then(Mono.fromRunnable(() -> record(event, "accepted")))
                        .onErrorResume(e -> {
                            log.warn("simulated {} callback was not accepted: {}", event.changeType(), e.toString());
                            record(event, "failed: " + e.getMessage());
                            return Mono.empty();
                        }))
                .subscribe();
        ticking = Flux.interval(tick).subscribe(n -> contacts.settle());
    }

    void stop() {
        if (ticking != null) {
            ticking.dispose();
        }
        if (subscription != null) {
            subscription.dispose();
        }
    }

    /** The newest outcomes first. */
    List<Posted> posted() {
        synchronized (posted) {
            List<Posted> list = new ArrayList<>(posted);
            java.util.Collections.reverse(list);
            return list;
        }
    }

    private void record(ContactEvent event, String outcome) {
        synchronized (posted) {
            posted.add(new Posted(event.changeType(), event.fields().get("UserID"),
                    event.fields().get("ExternalUserID"), outcome));
            if (posted.size() > KEPT) {
                posted.removeFirst();
            }
        }
    }

    String xml(ContactEvent event) {
        Map<String, String> fields = new LinkedHashMap<>(event.fields());
        StringBuilder xml = new StringBuilder("<xml>")
                .append(cdata("ToUserName", corpId))
                .append(cdata("FromUserName", "sys"))
                .append("<CreateTime>").append(event.at().getEpochSecond()).append("</CreateTime>")
                .append(cdata("MsgType", "event"))
                .append(cdata("Event", "change_external_contact"))
                .append(cdata("ChangeType", event.changeType()));
        fields.forEach((name, value) -> xml.append(cdata(name, value)));
        return xml.append("</xml>").toString();
    }

    private static String cdata(String name, String value) {
        // the values are ids, codes and fixed words the simulator makes: none holds "]]>"
        return "<" + name + "><![CDATA[" + value + "]]></" + name + ">";
    }
}
