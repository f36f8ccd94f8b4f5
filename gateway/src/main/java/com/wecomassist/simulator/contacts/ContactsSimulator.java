package com.wecomassist.simulator.contacts;

import com.wecomassist.simulator.WecomSimulator.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * WeCom's 客户联系 side of the simulated bank: employees with their customers (follow relations with
 * remark, corporate tags and the State channel code), the tag library, welcome codes (20 s, single
 * use), inheritance (在职 / 离职继承: 24 h until the takeover completes unless the customer refuses; a
 * customer at most twice in 90 days) and per-day behaviour statistics. People act on it through the
 * page (or tests) and each act emits the {@code change_external_contact} event WeCom would post; the
 * API controller answers the gateway from it. Operations made through the API emit nothing, as in WeCom.
 *
 * <p>Time is {@link SimulatedTime}, which can be advanced. State is bounded: at most
 * {@code max-contacts} customers (adding more is refused), the newest {@link #MAX_RECEIVED} texts per
 * customer, {@link #MAX_TRANSFERS} transfer records, welcome codes only until an hour after they expire,
 * live statistics for {@link #KEPT_DAYS} days. One lock guards it all: it is a demo's scale.
 */
public class ContactsSimulator {

    static final Duration WELCOME_CODE_TTL = Duration.ofSeconds(20);
    static final Duration TAKEOVER_AFTER = Duration.ofHours(24);
    static final Duration TRANSFER_WINDOW = Duration.ofDays(90);
    static final int TRANSFERS_PER_WINDOW = 2;
    static final int MAX_PER_TRANSFER = 100;
    static final int MAX_TRANSFER_MESSAGE = 200;
    static final int MAX_USERIDS = 100;
    static final int MAX_BEHAVIOUR_DAYS = 30;
    static final int MAX_RECEIVED = 20;
    static final int MAX_TRANSFERS = 10_000;
    static final int MAX_WELCOME_CODES = 10_000;
    static final int KEPT_DAYS = 200;
    static final int MAX_WELCOME_BYTES = 4000;
    static final int MAX_ATTACHMENTS = 9;
    /** WeCom counts statistics per natural day in China. */
    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    /** A change_external_contact event as WeCom would post it (fields besides the envelope, in order). */
    public record ContactEvent(String changeType, Instant at, Map<String, String> fields) {
    }

    /** What an add did: the customer's id and the welcome code of its event (null when none). */
    public record Added(String externalUserId, String welcomeCode) {
    }

    /** A person's action the simulated WeCom refuses (the page shows why). */
    public static final class Refused extends RuntimeException {
        final boolean notFound;

        Refused(String why, boolean notFound) {
            super(why);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    enum Kind { ON_JOB, RESIGNED }

    static final class Employee {
        final String userid;
        final String name;
        final String role;
        boolean resigned;
        Instant dimissionTime;
        int customerLimit = 50_000;

        Employee(String userid, String name, String role) {
            this.userid = userid;
            this.name = name;
            this.role = role;
        }
    }

    static final class Follow {
        final String userid;
        String remark = "";
        String description = "";
        final Instant createtime;
        final Set<String> tagIds = new LinkedHashSet<>();
        final String state;
        final int addWay;
        final String operUserid;
        /** The customer deleted the employee (del_follow_user): WeCom keeps the relation on the employee's side. */
        boolean deletedByCustomer;

        Follow(String userid, Instant createtime, String state, int addWay, String operUserid) {
            this.userid = userid;
            this.createtime = createtime;
            this.state = state;
            this.addWay = addWay;
            this.operUserid = operUserid;
        }
    }

    record Received(String userid, String kind, String text, Instant at) {
    }

    static final class Contact {
        final String externalUserId;
        final String name;
        final int gender;
        final String unionid;
        final Map<String, Follow> follows = new LinkedHashMap<>();
        final Deque<Received> received = new ArrayDeque<>();

        Contact(String externalUserId, String name, int gender, String unionid) {
            this.externalUserId = externalUserId;
            this.name = name;
            this.gender = gender;
            this.unionid = unionid;
        }
    }

    record Tag(String id, String name, String groupId, String groupName, Instant created, int order) {
    }

    static final class WelcomeCode {
        final String userid;
        final String externalUserId;
        final Instant expires;
        Instant used;

        WelcomeCode(String userid, String externalUserId, Instant expires) {
            this.userid = userid;
            this.externalUserId = externalUserId;
            this.expires = expires;
        }
    }

    static final class Transfer {
        final Kind kind;
        final String handover;
        final String takeover;
        final String externalUserId;
        final Instant started;
        final Instant due;
        final String message;
        /** 1 taken over, 2 waiting, 3 refused, 4 the takeover employee is at their customer limit. */
        int status = 2;
        Instant finished;

        Transfer(Kind kind, String handover, String takeover, String externalUserId, Instant started, String message) {
            this.kind = kind;
            this.handover = handover;
            this.takeover = takeover;
            this.externalUserId = externalUserId;
            this.started = started;
            this.due = started.plus(TAKEOVER_AFTER);
            this.message = message;
        }
    }

    /** One employee's counts of one day, as get_user_behavior_data sums them. */
    static final class Day {
        int newApply;
        int newContact;
        int negativeFeedback;
        int messages;
        final Set<String> chatted = new LinkedHashSet<>();
        final Map<String, Instant> waitingForReply = new LinkedHashMap<>();
        int initiated;
        int replied;
        long replyMinutes;
        /** Seeded history: chat count as a number, as there are no customers behind it. */
        int seededChats;
    }

    private final SimulatedTime time;
    private final int maxContacts;
    private final Map<String, Employee> employees = new LinkedHashMap<>();
    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private final Map<String, Tag> tags = new LinkedHashMap<>();
    private final Map<String, WelcomeCode> welcomeCodes = new LinkedHashMap<>();
    private final Deque<Transfer> transfers = new ArrayDeque<>();
    /** By userid, then the day's epoch second (midnight in China). */
    private final Map<String, TreeMap<Long, Day>> days = new LinkedHashMap<>();
    private final Random random = new Random(20261207L);
    private final Sinks.Many<ContactEvent> events =
            Sinks.many().multicast().onBackpressureBuffer(Queues.SMALL_BUFFER_SIZE * 16, false);

    public ContactsSimulator(SimulatedTime time, int maxContacts) {
        this.time = time;
        this.maxContacts = maxContacts;
        seed();
    }

    public SimulatedTime time() {
        return time;
    }

    /** Every change_external_contact event, as people cause them (the callback poster listens). */
    public Flux<ContactEvent> events() {
        return events.asFlux();
    }

    // ---- acting as people in their WeCom / WeChat clients -------------------------------------

    /**
     * An employee adds a customer (or accepts their request): add_external_contact with a fresh welcome
     * code valid 20 s; {@code half}: the customer added the employee without verification
     * (add_half_external_contact). {@code existing}: a customer some other employee already has; null
     * makes a new WeChat user called {@code name} (a generated name when blank).
     */
    public synchronized Added add(String userid, String name, String state, boolean half, String existing) {
        settle();
        Employee employee = working(userid);
        Instant now = time.instant();
        Contact contact;
        if (existing != null && !existing.isBlank()) {
            contact = contacts.get(existing);
            if (contact == null) {
                throw new Refused("no customer " + existing, true);
            }
            if (contact.follows.containsKey(userid)) {
                throw new Refused(employee.name + " already has this customer", false);
            }
        } else {
            if (contacts.size() >= maxContacts) {
                throw new Refused("the simulator keeps at most " + maxContacts
                        + " customers (assist.simulator.max-contacts): delete some first", false);
            }
            String shown = name == null || name.isBlank() ? DemoEnterprise.name(random) : name.strip();
            if (shown.length() > 64) {
                throw new Refused("a name has at most 64 characters", false);
            }
            contact = newContact(shown);
            contacts.put(contact.externalUserId, contact);
        }
        String channel = state == null ? "" : state.strip();
        if (channel.length() > 30) {
            throw new Refused("State is at most 30 characters", false);
        }
        Follow follow = new Follow(userid, now, channel, channel.isEmpty() ? 2 : 1,
                half ? contact.externalUserId : userid);
        contact.follows.put(userid, follow);
        Day day = day(userid, now);
        day.newApply++;
        if (!half) {
            day.newContact++;
        }
        String code = "welcome_" + UUID.randomUUID().toString().replace("-", "");
        rememberCode(code, new WelcomeCode(userid, contact.externalUserId, now.plus(WELCOME_CODE_TTL)));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("UserID", userid);
        fields.put("ExternalUserID", contact.externalUserId);
        if (!channel.isEmpty()) {
            fields.put("State", channel);
        }
        fields.put("WelcomeCode", code);
        emit(half ? "add_half_external_contact" : "add_external_contact", fields);
        return new Added(contact.externalUserId, code);
    }

    /** The employee changes the remark or the corporate tags in the client: edit_external_contact. */
    public synchronized void edit(String userid, String externalUserId, String remark, Collection<String> tagIds) {
        settle();
        Follow follow = follow(userid, externalUserId);
        if (tagIds != null) {
            for (String id : tagIds) {
                if (!tags.containsKey(id)) {
                    throw new Refused("no tag " + id, false);
                }
            }
            follow.tagIds.clear();
            follow.tagIds.addAll(tagIds);
        }
        if (remark != null) {
            if (remark.length() > 20) {
                throw new Refused("a remark has at most 20 characters", false);
            }
            follow.remark = remark;
        }
        emit("edit_external_contact", Map.of("UserID", userid, "ExternalUserID", externalUserId));
    }

    /** The employee deletes the customer: del_external_contact. */
    public synchronized void employeeDeletes(String userid, String externalUserId) {
        settle();
        follow(userid, externalUserId);
        drop(userid, externalUserId);
        emit("del_external_contact", Map.of("UserID", userid, "ExternalUserID", externalUserId));
    }

    /** The customer deletes the employee in WeChat: del_follow_user, counted as negative feedback. */
    public synchronized void customerDeletes(String userid, String externalUserId) {
        settle();
        Follow follow = follow(userid, externalUserId);
        if (follow.deletedByCustomer) {
            throw new Refused("the customer deleted this employee already", false);
        }
        follow.deletedByCustomer = true;
        day(userid, time.instant()).negativeFeedback++;
        emit("del_follow_user", Map.of("UserID", userid, "ExternalUserID", externalUserId));
    }

    /** The customer refuses the waiting takeover of them: status 3 and transfer_fail (customer_refused). */
    public synchronized void customerRefuses(String externalUserId) {
        settle();
        Transfer waiting = waitingTransfer(externalUserId);
        if (waiting == null) {
            throw new Refused("no takeover of " + externalUserId + " is waiting", true);
        }
        waiting.status = 3;
        waiting.finished = time.instant();
        emit("transfer_fail", Map.of("FailReason", "customer_refused", "UserID", waiting.takeover,
                "ExternalUserID", externalUserId));
    }

    /** A line of 1:1 chat outside the gateway: what get_user_behavior_data counts. */
    public synchronized void chat(String userid, String externalUserId, boolean fromCustomer) {
        settle();
        follow(userid, externalUserId);
        Instant now = time.instant();
        Day day = day(userid, now);
        if (fromCustomer) {
            if (!day.waitingForReply.containsKey(externalUserId)) {
                day.initiated++;
                day.waitingForReply.put(externalUserId, now);
            }
            return;
        }
        day.messages++;
        day.chatted.add(externalUserId);
        Instant asked = day.waitingForReply.remove(externalUserId);
        if (asked != null) {
            day.replied++;
            day.replyMinutes += Duration.between(asked, now).toMinutes();
        }
    }

    /** The employee leaves the bank: their customers wait in get_unassigned_list for 离职继承. */
    public synchronized void resign(String userid) {
        Employee employee = working(userid);
        employee.resigned = true;
        employee.dimissionTime = time.instant();
    }

    /** How many customers an employee may have; a takeover that would pass it ends with status 4. */
    public synchronized void setCustomerLimit(String userid, int limit) {
        employee(userid).customerLimit = limit;
    }

    /** Moves simulated time forward and completes the takeovers that came due. */
    public synchronized Duration advance(Duration by) {
        Duration offset = time.advance(by);
        settle();
        return offset;
    }

    /**
     * Completes every takeover whose 24 hours are over: the follow relation moves to the takeover
     * employee (add_external_contact to them; for 在职继承 also del_external_contact to the handover with
     * Source DELETE_BY_TRANSFER), or status 4 and transfer_fail when they are at their customer limit.
     */
    public synchronized void settle() {
        Instant now = time.instant();
        for (Transfer t : transfers) {
            if (t.status != 2 || t.due.isAfter(now)) {
                continue;
            }
            t.finished = t.due;
            Contact contact = contacts.get(t.externalUserId);
            Employee takeover = employees.get(t.takeover);
            if (contact != null && !contact.follows.containsKey(t.takeover)
                    && customersOf(t.takeover) >= takeover.customerLimit) {
                t.status = 4;
                emit("transfer_fail", Map.of("FailReason", "customer_limit_exceed", "UserID", t.takeover,
                        "ExternalUserID", t.externalUserId));
                continue;
            }
            t.status = 1;
            if (contact == null) {
                continue;
            }
            Follow old = contact.follows.remove(t.handover);
            boolean alreadyFriend = contact.follows.containsKey(t.takeover);
            if (!alreadyFriend) {
                Follow moved = new Follow(t.takeover, t.due, "", 202, t.takeover);
                if (old != null) {
                    moved.remark = old.remark;
                    moved.tagIds.addAll(old.tagIds);
                }
                contact.follows.put(t.takeover, moved);
            }
            if (t.kind == Kind.ON_JOB) {
                if (t.message != null && !t.message.isEmpty()) {
                    receive(contact, new Received(t.takeover, "transfer", t.message, t.due));
                }
                emit("del_external_contact", Map.of("UserID", t.handover, "ExternalUserID", t.externalUserId,
                        "Source", "DELETE_BY_TRANSFER"));
            }
            // WeCom: no add event when the takeover employee was the customer's friend already
            if (!alreadyFriend) {
                emit("add_external_contact", Map.of("UserID", t.takeover, "ExternalUserID", t.externalUserId));
            }
        }
        welcomeCodes.values().removeIf(c -> now.isAfter(c.expires.plus(Duration.ofHours(1))));
    }

    // ---- the API ----------------------------------------------------------------------------

    /** externalcontact/get_follow_user_list: the employees with 客户联系 (those who left no longer have it). */
    public synchronized Answer followUserList() {
        settle();
        return Answer.ok(Map.of("follow_user", employees.values().stream().filter(e -> !e.resigned)
                .map(e -> e.userid).toList()));
    }

    /** externalcontact/list: the employee's customers' external_userids. */
    public synchronized Answer list(String userid) {
        settle();
        if (userid == null || !employees.containsKey(userid)) {
            return Answer.error(ContactErrors.INVALID_USERID, "invalid userid");
        }
        List<String> ids = contacts.values().stream().filter(c -> c.follows.containsKey(userid))
                .map(c -> c.externalUserId).toList();
        if (ids.isEmpty()) {
            return Answer.error(ContactErrors.NOT_EXTERNAL_CONTACT, "not external contact");
        }
        return Answer.ok(Map.of("external_userid", ids));
    }

    /** externalcontact/get: the customer and every employee who follows them. */
    public synchronized Answer get(String externalUserId) {
        settle();
        Contact contact = externalUserId == null ? null : contacts.get(externalUserId);
        if (contact == null) {
            return Answer.error(ContactErrors.INVALID_EXTERNAL_USERID, "invalid external userid");
        }
        List<Map<String, Object>> followUsers = new ArrayList<>();
        for (Follow f : contact.follows.values()) {
            Map<String, Object> user = followFields(f);
            List<Map<String, Object>> tagList = new ArrayList<>();
            for (String id : f.tagIds) {
                Tag tag = tags.get(id);
                tagList.add(Map.of("group_name", tag.groupName(), "tag_name", tag.name(), "tag_id", tag.id(), "type", 1));
            }
            user.put("tags", tagList);
            followUsers.add(user);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("external_contact", contactFields(contact));
        fields.put("follow_user", followUsers);
        return Answer.ok(fields);
    }

    /**
     * externalcontact/batch/get_by_user: one entry per (customer, following employee) of the given
     * employees (≤ 100), {@code limit} per page (default 50, at most 100), {@code next_cursor} empty on
     * the last page. The cursor names the last entry returned, so paging stays right while contacts change.
     */
    public synchronized Answer batchGetByUser(List<String> userids, String cursor, int limit) {
        settle();
        Answer refused = refusedUserids(userids, ContactErrors.INVALID_USERID, "userid_list is empty",
                "userid_list has at most 100 userids");
        if (refused != null) {
            return refused;
        }
        int pageSize = limit <= 0 ? 50 : Math.min(limit, 100);
        String after = null;
        if (cursor != null && !cursor.isEmpty()) {
            after = decodeCursor(cursor);
            if (after == null) {
                return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid cursor");
            }
        }
        List<String> order = new ArrayList<>(new LinkedHashSet<>(userids));
        List<Map<String, Object>> page = new ArrayList<>();
        String last = null;
        boolean more = false;
        boolean passed = after == null;
        outer:
        for (int u = 0; u < order.size(); u++) {
            String userid = order.get(u);
            List<Contact> theirs = contacts.values().stream().filter(c -> c.follows.containsKey(userid))
                    .sorted((a, b) -> a.externalUserId.compareTo(b.externalUserId)).toList();
            for (Contact c : theirs) {
                String key = String.format("%03d/%s", u, c.externalUserId);
                if (!passed) {
                    if (key.compareTo(after) <= 0) {
                        continue;
                    }
                    passed = true;
                }
                if (page.size() == pageSize) {
                    more = true;
                    break outer;
                }
                Map<String, Object> info = followFields(c.follows.get(userid));
                info.put("tag_id", List.copyOf(c.follows.get(userid).tagIds));
                page.add(Map.of("external_contact", contactFields(c), "follow_info", info));
                last = key;
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("external_contact_list", page);
        fields.put("next_cursor", more ? encodeCursor(last) : "");
        return Answer.ok(fields);
    }

    /** externalcontact/get_corp_tag_list: the tag library, or the groups / tags asked for. */
    public synchronized Answer corpTagList(List<String> tagIds, List<String> groupIds) {
        boolean byTag = tagIds != null && !tagIds.isEmpty();
        boolean byGroup = !byTag && groupIds != null && !groupIds.isEmpty();
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        for (Tag tag : tags.values()) {
            if ((byTag && !tagIds.contains(tag.id())) || (byGroup && !groupIds.contains(tag.groupId()))) {
                continue;
            }
            Map<String, Object> group = groups.computeIfAbsent(tag.groupId(), id -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("group_id", id);
                g.put("group_name", tag.groupName());
                g.put("create_time", tag.created().getEpochSecond());
                g.put("order", 0);
                g.put("tag", new ArrayList<Map<String, Object>>());
                return g;
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) group.get("tag");
            list.add(Map.of("id", tag.id(), "name", tag.name(), "create_time", tag.created().getEpochSecond(),
                    "order", tag.order()));
        }
        return Answer.ok(Map.of("tag_group", List.copyOf(groups.values())));
    }

    /** externalcontact/mark_tag: changes the employee's tags of the customer (no callback: made through the API). */
    public synchronized Answer markTag(String userid, String externalUserId, List<String> add, List<String> remove) {
        settle();
        if (userid == null || !employees.containsKey(userid)) {
            return Answer.error(ContactErrors.INVALID_USERID, "invalid userid");
        }
        Contact contact = externalUserId == null ? null : contacts.get(externalUserId);
        if (contact == null) {
            return Answer.error(ContactErrors.INVALID_EXTERNAL_USERID, "invalid external userid");
        }
        Follow follow = contact.follows.get(userid);
        if (follow == null) {
            return Answer.error(ContactErrors.NOT_EXTERNAL_CONTACT, "not external contact");
        }
        List<String> adding = add == null ? List.of() : add;
        List<String> removing = remove == null ? List.of() : remove;
        if (adding.isEmpty() && removing.isEmpty()) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "add_tag and remove_tag are both empty");
        }
        for (String id : adding) {
            if (!tags.containsKey(id)) {
                return Answer.error(ContactErrors.INVALID_TAG, "invalid tagid " + id);
            }
        }
        for (String id : removing) {
            if (!tags.containsKey(id)) {
                return Answer.error(ContactErrors.INVALID_TAG, "invalid tagid " + id);
            }
        }
        follow.tagIds.addAll(adding);
        removing.forEach(follow.tagIds::remove);
        return Answer.ok(Map.of());
    }

    /**
     * externalcontact/send_welcome_msg: within 20 s of the add event and once. An unknown or expired
     * code answers 41050, a code the welcome was already sent on 41051; the customer sees the text.
     */
    public synchronized Answer sendWelcomeMsg(String code, String text, int attachments) {
        settle();
        if (code == null || code.isEmpty()) {
            return Answer.error(ContactErrors.MISSING_WELCOME_CODE, "missing welcome_code");
        }
        WelcomeCode welcome = welcomeCodes.get(code);
        Instant now = time.instant();
        if (welcome != null && welcome.used != null) {
            return Answer.error(ContactErrors.WELCOME_ALREADY_SENT, "externaluser has started chatting");
        }
        if (welcome == null || now.isAfter(welcome.expires)) {
            return Answer.error(ContactErrors.INVALID_WELCOME_CODE, "invalid welcome code");
        }
        boolean hasText = text != null && !text.isEmpty();
        if (!hasText && attachments == 0) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "text and attachments are both empty");
        }
        if (hasText && text.getBytes(StandardCharsets.UTF_8).length > MAX_WELCOME_BYTES) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "text.content exceeds 4000 bytes");
        }
        if (attachments > MAX_ATTACHMENTS) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "at most 9 attachments");
        }
        welcome.used = now;
        Contact contact = contacts.get(welcome.externalUserId);
        if (contact != null) {
            String shown = (hasText ? text : "") + (attachments > 0 ? (hasText ? " " : "") + "[附件×" + attachments + "]" : "");
            receive(contact, new Received(welcome.userid, "welcome", shown, now));
        }
        return Answer.ok(Map.of());
    }

    /**
     * externalcontact/transfer_customer (在职继承): up to 100 customers, a message of at most 200
     * characters; per customer errcode 0 (the takeover completes in 24 h unless refused) or why not.
     */
    public synchronized Answer transferCustomer(String handover, String takeover, List<String> ids, String message) {
        settle();
        if (message != null && message.length() > MAX_TRANSFER_MESSAGE) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "transfer_success_msg exceeds 200 characters");
        }
        Answer refused = checkTransfer(handover, takeover, ids);
        if (refused != null) {
            return refused;
        }
        if (employees.get(handover).resigned) {
            return Answer.error(ContactErrors.INVALID_USERID, "handover_userid has left: use resigned/transfer_customer");
        }
        return startTransfers(Kind.ON_JOB, handover, takeover, ids, message);
    }

    /** externalcontact/resigned/transfer_customer (离职继承): the handover employee must have left. */
    public synchronized Answer resignedTransferCustomer(String handover, String takeover, List<String> ids) {
        settle();
        Answer refused = checkTransfer(handover, takeover, ids);
        if (refused != null) {
            return refused;
        }
        if (!employees.get(handover).resigned) {
            return Answer.error(ContactErrors.NOT_RESIGNED, "handover_userid has not left");
        }
        return startTransfers(Kind.RESIGNED, handover, takeover, ids, null);
    }

    /**
     * transfer_result / resigned/transfer_result: per customer transferred from {@code handover} to
     * {@code takeover} its latest status (1 taken over, 2 waiting, 3 refused, 4 takeover at their limit)
     * and takeover_time (for a waiting one: when it will complete); 1000 per page.
     */
    public synchronized Answer transferResult(boolean resigned, String handover, String takeover, String cursor) {
        settle();
        if (handover == null || takeover == null || !employees.containsKey(handover) || !employees.containsKey(takeover)) {
            return Answer.error(ContactErrors.INVALID_USERID, "invalid handover_userid or takeover_userid");
        }
        Kind kind = resigned ? Kind.RESIGNED : Kind.ON_JOB;
        Map<String, Transfer> latest = new LinkedHashMap<>();
        for (Transfer t : transfers) {
            if (t.kind == kind && t.handover.equals(handover) && t.takeover.equals(takeover)) {
                latest.remove(t.externalUserId);
                latest.put(t.externalUserId, t);
            }
        }
        int from = offsetOf(cursor);
        if (from < 0) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid cursor");
        }
        List<Map<String, Object>> page = new ArrayList<>();
        List<Transfer> all = List.copyOf(latest.values());
        for (int i = from; i < all.size() && page.size() < 1000; i++) {
            Transfer t = all.get(i);
            page.add(Map.of("external_userid", t.externalUserId, "status", t.status,
                    "takeover_time", (t.status == 1 ? t.finished : t.due).getEpochSecond()));
        }
        int next = from + page.size();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("customer", page);
        fields.put("next_cursor", next < all.size() ? encodeCursor(Integer.toString(next)) : "");
        return Answer.ok(fields);
    }

    /** externalcontact/get_unassigned_list: the departed employees' customers not yet handed on. */
    public synchronized Answer unassignedList(String cursor, int pageSize) {
        settle();
        int size = pageSize <= 0 ? 1000 : Math.min(pageSize, 1000);
        List<Map<String, Object>> all = new ArrayList<>();
        for (Contact c : contacts.values()) {
            for (Follow f : c.follows.values()) {
                Employee e = employees.get(f.userid);
                if (e.resigned && !transferPending(e.userid, c.externalUserId)) {
                    all.add(Map.of("handover_userid", e.userid, "external_userid", c.externalUserId,
                            "dimission_time", e.dimissionTime.getEpochSecond()));
                }
            }
        }
        int from = offsetOf(cursor);
        if (from < 0) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid cursor");
        }
        int to = Math.min(all.size(), from + size);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("info", from >= all.size() ? List.of() : all.subList(from, to));
        fields.put("is_last", to >= all.size());
        fields.put("next_cursor", to >= all.size() ? "" : encodeCursor(Integer.toString(to)));
        return Answer.ok(fields);
    }

    /**
     * externalcontact/get_user_behavior_data: per natural day (China time) of [start, end], at most 30
     * days, the given employees' counts summed; reply_percentage and avg_reply_time only for days with
     * chats customers began.
     */
    public synchronized Answer behaviourData(List<String> userids, long startTime, long endTime) {
        settle();
        Answer refused = refusedUserids(userids, ContactErrors.INVALID_PARAMETER,
                "userid is empty (partyid is not simulated)", "at most 100 userids");
        if (refused != null) {
            return refused;
        }
        long first = dayStart(Instant.ofEpochSecond(startTime));
        long last = dayStart(Instant.ofEpochSecond(endTime));
        if (startTime <= 0 || endTime <= 0 || last < first) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid start_time or end_time");
        }
        if ((last - first) / 86_400 + 1 > MAX_BEHAVIOUR_DAYS) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "the time range spans more than 30 days");
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (long d = first; d <= last; d += 86_400) {
            int apply = 0;
            int contact = 0;
            int chats = 0;
            int messages = 0;
            int negative = 0;
            int initiated = 0;
            int replied = 0;
            long minutes = 0;
            for (String userid : new LinkedHashSet<>(userids)) {
                Day day = days.getOrDefault(userid, new TreeMap<>()).get(d);
                if (day == null) {
                    continue;
                }
                apply += day.newApply;
                contact += day.newContact;
                chats += day.seededChats + day.chatted.size();
                messages += day.messages;
                negative += day.negativeFeedback;
                initiated += day.initiated;
                replied += day.replied;
                minutes += day.replyMinutes;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stat_time", d);
            row.put("chat_cnt", chats);
            row.put("message_cnt", messages);
            if (initiated > 0) {
                row.put("reply_percentage", Math.round(10_000.0 * replied / initiated) / 100.0);
            }
            if (replied > 0) {
                row.put("avg_reply_time", Math.round((double) minutes / replied));
            }
            row.put("negative_feedback_cnt", negative);
            row.put("new_apply_cnt", apply);
            row.put("new_contact_cnt", contact);
            data.add(row);
        }
        return Answer.ok(Map.of("behavior_data", data));
    }

    // ---- for the page and tests ---------------------------------------------------------------

    public synchronized List<Map<String, Object>> employees() {
        settle();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Employee e : employees.values()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("userid", e.userid);
            view.put("name", e.name);
            view.put("role", e.role);
            view.put("resigned", e.resigned);
            view.put("customers", customersOf(e.userid));
            view.put("customerLimit", e.customerLimit);
            list.add(view);
        }
        return list;
    }

    /** An employee's customers as their client shows them, with the texts each received from them. */
    public synchronized List<Map<String, Object>> customers(String userid) {
        settle();
        employee(userid);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Contact c : contacts.values()) {
            Follow f = c.follows.get(userid);
            if (f == null) {
                continue;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("externalUserId", c.externalUserId);
            view.put("name", c.name);
            view.put("remark", f.remark);
            view.put("state", f.state);
            view.put("createtime", f.createtime.toString());
            view.put("tags", f.tagIds.stream().map(id -> Map.of("id", id, "name", tags.get(id).name())).toList());
            view.put("deletedByCustomer", f.deletedByCustomer);
            view.put("otherFollowers", c.follows.keySet().stream().filter(u -> !u.equals(userid)).toList());
            view.put("received", c.received.stream().filter(r -> r.userid().equals(userid))
                    .map(r -> Map.of("kind", r.kind(), "text", r.text(), "at", r.at().toString())).toList());
            Transfer waiting = waitingTransfer(c.externalUserId);
            if (waiting != null) {
                view.put("waitingTransferTo", waiting.takeover);
            }
            list.add(view);
        }
        return list;
    }

    /** Every transfer record, newest first (at most {@code limit}). */
    public synchronized List<Map<String, Object>> transfers(int limit) {
        settle();
        List<Map<String, Object>> list = new ArrayList<>();
        Iterator<Transfer> newestFirst = transfers.descendingIterator();
        while (newestFirst.hasNext() && list.size() < limit) {
            Transfer t = newestFirst.next();
            Contact c = contacts.get(t.externalUserId);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("kind", t.kind == Kind.ON_JOB ? "在职继承" : "离职继承");
            view.put("externalUserId", t.externalUserId);
            view.put("customer", c == null ? t.externalUserId : c.name);
            view.put("handover", t.handover);
            view.put("takeover", t.takeover);
            view.put("status", t.status);
            view.put("started", t.started.toString());
            view.put("due", t.due.toString());
            list.add(view);
        }
        return list;
    }

    public synchronized List<Map<String, Object>> tagLibrary() {
        return tags.values().stream().map(t -> Map.<String, Object>of("id", t.id(), "name", t.name(),
                "group", t.groupName())).toList();
    }

    /** The welcome code an add's event carried, for tests: its customer and whether it was used. */
    synchronized boolean welcomeCodeUsed(String code) {
        WelcomeCode c = welcomeCodes.get(code);
        return c != null && c.used != null;
    }

    synchronized int contactsKept() {
        return contacts.size();
    }

    synchronized int transfersKept() {
        return transfers.size();
    }

    // ---- for the group-send side ({@link GroupSendSimulator}) -----------------------------------

    /** Whether {@code userid} is an employee of the bank who has not left. */
    synchronized boolean worksHere(String userid) {
        Employee e = userid == null ? null : employees.get(userid);
        return e != null && !e.resigned;
    }

    synchronized boolean knowsEmployee(String userid) {
        return userid != null && employees.containsKey(userid);
    }

    /**
     * Whether the employee can message the customer: their friend, not deleted by the customer. It does
     * not settle the takeovers first (the group-send side settles once per call, not once per customer).
     */
    synchronized boolean reachable(String userid, String externalUserId) {
        Contact c = externalUserId == null ? null : contacts.get(externalUserId);
        Follow f = c == null ? null : c.follows.get(userid);
        return f != null && !f.deletedByCustomer;
    }

    /** The customer's WeChat name, or their id when the simulator no longer keeps them. */
    synchronized String customerName(String externalUserId) {
        Contact c = contacts.get(externalUserId);
        return c == null ? externalUserId : c.name;
    }

    /**
     * An enterprise message the employee confirmed reaches the customer (their row shows it); false when
     * the customer is no longer reachable from this employee, and nothing is delivered.
     */
    synchronized boolean deliverGroupMessage(String userid, String externalUserId, String text, Instant at) {
        if (!reachable(userid, externalUserId)) {
            return false;
        }
        receive(contacts.get(externalUserId), new Received(userid, "groupmsg", text, at));
        return true;
    }

    // ---- internals ----------------------------------------------------------------------------

    private Answer checkTransfer(String handover, String takeover, List<String> ids) {
        if (handover == null || takeover == null || !employees.containsKey(handover) || !employees.containsKey(takeover)) {
            return Answer.error(ContactErrors.INVALID_USERID, "invalid handover_userid or takeover_userid");
        }
        if (employees.get(takeover).resigned) {
            return Answer.error(ContactErrors.INVALID_USERID, "takeover_userid has left");
        }
        if (handover.equals(takeover)) {
            return Answer.error(ContactErrors.SAME_EMPLOYEE, "handover_userid and takeover_userid are the same");
        }
        if (ids == null || ids.isEmpty()) {
            return Answer.error(ContactErrors.MISSING_EXTERNAL_USERID, "missing external userid");
        }
        if (ids.size() > MAX_PER_TRANSFER) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "at most 100 external_userid per call");
        }
        return null;
    }

    private Answer startTransfers(Kind kind, String handover, String takeover, List<String> ids, String message) {
        Instant now = time.instant();
        List<Map<String, Object>> results = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            results.add(Map.of("external_userid", id, "errcode", startTransfer(kind, handover, takeover, id, message, now)));
        }
        return Answer.ok(Map.of("customer", results));
    }

    private int startTransfer(Kind kind, String handover, String takeover, String id, String message, Instant now) {
        Contact contact = contacts.get(id);
        if (contact == null) {
            return ContactErrors.INVALID_EXTERNAL_USERID;
        }
        if (!contact.follows.containsKey(handover)) {
            return ContactErrors.NOT_FOLLOWER;
        }
        if (waitingTransfer(id) != null) {
            return ContactErrors.BEING_TRANSFERRED;
        }
        if (kind == Kind.ON_JOB) {
            Instant windowStart = now.minus(TRANSFER_WINDOW);
            long recent = transfers.stream().filter(t -> t.kind == Kind.ON_JOB && t.externalUserId.equals(id)
                    && t.started.isAfter(windowStart)).count();
            if (recent >= TRANSFERS_PER_WINDOW) {
                return ContactErrors.TRANSFERRED_TOO_OFTEN;
            }
        }
        transfers.add(new Transfer(kind, handover, takeover, id, now, message));
        if (transfers.size() > MAX_TRANSFERS) {
            // the oldest finished record goes; a waiting one is kept until it completes
            transfers.stream().filter(t -> t.status != 2).findFirst().ifPresent(transfers::remove);
        }
        return 0;
    }

    private Transfer waitingTransfer(String externalUserId) {
        for (Transfer t : transfers) {
            if (t.status == 2 && t.externalUserId.equals(externalUserId)) {
                return t;
            }
        }
        return null;
    }

    private boolean transferPending(String handover, String externalUserId) {
        Transfer t = waitingTransfer(externalUserId);
        return t != null && t.handover.equals(handover);
    }

    private int customersOf(String userid) {
        int n = 0;
        for (Contact c : contacts.values()) {
            if (c.follows.containsKey(userid)) {
                n++;
            }
        }
        return n;
    }

    private Map<String, Object> contactFields(Contact c) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("external_userid", c.externalUserId);
        fields.put("name", c.name);
        fields.put("avatar", "");
        fields.put("type", 1);
        fields.put("gender", c.gender);
        if (c.unionid != null) {
            fields.put("unionid", c.unionid);
        }
        return fields;
    }

    private Map<String, Object> followFields(Follow f) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("userid", f.userid);
        fields.put("remark", f.remark);
        fields.put("description", f.description);
        fields.put("createtime", f.createtime.getEpochSecond());
        fields.put("remark_mobiles", List.of());
        fields.put("add_way", f.addWay);
        fields.put("oper_userid", f.operUserid);
        if (!f.state.isEmpty()) {
            fields.put("state", f.state);
        }
        return fields;
    }

    private void receive(Contact contact, Received line) {
        contact.received.add(line);
        if (contact.received.size() > MAX_RECEIVED) {
            contact.received.removeFirst();
        }
    }

    private void rememberCode(String code, WelcomeCode welcome) {
        welcomeCodes.put(code, welcome);
        if (welcomeCodes.size() > MAX_WELCOME_CODES) {
            welcomeCodes.remove(welcomeCodes.keySet().iterator().next());
        }
    }

    private void drop(String userid, String externalUserId) {
        Contact contact = contacts.get(externalUserId);
        contact.follows.remove(userid);
        if (contact.follows.isEmpty()) {
            // nobody at the bank has this customer any more: forget them (bounded state)
            contacts.remove(externalUserId);
        }
    }

    private Employee employee(String userid) {
        Employee e = userid == null ? null : employees.get(userid);
        if (e == null) {
            throw new Refused("no employee " + userid, true);
        }
        return e;
    }

    private Employee working(String userid) {
        Employee e = employee(userid);
        if (e.resigned) {
            throw new Refused(e.name + " has left the bank", false);
        }
        return e;
    }

    private Follow follow(String userid, String externalUserId) {
        employee(userid);
        Contact c = externalUserId == null ? null : contacts.get(externalUserId);
        Follow f = c == null ? null : c.follows.get(userid);
        if (f == null) {
            throw new Refused(userid + " has no customer " + externalUserId, true);
        }
        return f;
    }

    private Day day(String userid, Instant at) {
        TreeMap<Long, Day> byDay = days.computeIfAbsent(userid, u -> new TreeMap<>());
        Day day = byDay.computeIfAbsent(dayStart(at), d -> new Day());
        while (byDay.size() > KEPT_DAYS) {
            byDay.pollFirstEntry();
        }
        return day;
    }

    static long dayStart(Instant at) {
        return LocalDate.ofInstant(at, CHINA).atStartOfDay(CHINA).toEpochSecond();
    }

    private void emit(String changeType, Map<String, String> fields) {
        events.tryEmitNext(new ContactEvent(changeType, time.instant(),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields))));
    }

    static String encodeCursor(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Contact newContact(String name) {
        String id = DemoEnterprise.id("wm", 32, random);
        String unionid = random.nextInt(10) < 6 ? DemoEnterprise.id("o", 28, random) : null;
        return new Contact(id, name, 1 + random.nextInt(2), unionid);
    }

    /** The demo bank as it stands when the simulator starts: generated, the same every run. */
    private void seed() {
        Instant now = time.instant();
        int order = 0;
        for (DemoEnterprise.TagGroup group : DemoEnterprise.TAG_GROUPS) {
            String groupId = DemoEnterprise.id("et", 32, random);
            Instant created = now.minus(Duration.ofDays(400));
            for (String name : group.tags()) {
                Tag tag = new Tag(DemoEnterprise.id("et", 32, random), name, groupId, group.name(), created, order++);
                tags.put(tag.id(), tag);
            }
        }
        List<Tag> tagList = List.copyOf(tags.values());
        for (DemoEnterprise.Employee seed : DemoEnterprise.EMPLOYEES) {
            Employee e = new Employee(seed.userid(), seed.name(), seed.role());
            employees.put(e.userid, e);
            for (int i = 0; i < DemoEnterprise.CUSTOMERS_PER_EMPLOYEE; i++) {
                Contact c = newContact(DemoEnterprise.name(random));
                String state = DemoEnterprise.STATES.get(random.nextInt(DemoEnterprise.STATES.size()));
                Instant added = now.minus(Duration.ofHours(24 + random.nextInt(24 * 300)));
                Follow f = new Follow(e.userid, added, state, state.isEmpty() ? 2 : 1, e.userid);
                if (random.nextBoolean()) {
                    f.remark = c.name.charAt(0) + (c.gender == 1 ? "先生" : "女士");
                }
                f.tagIds.add(tagList.get(random.nextInt(4)).id());
                f.tagIds.add(tagList.get(4 + random.nextInt(5)).id());
                c.follows.put(e.userid, f);
                contacts.put(c.externalUserId, c);
            }
            if (seed.resigned()) {
                e.resigned = true;
                e.dimissionTime = now.minus(Duration.ofDays(10));
            }
        }
        // a 直营 manager also follows some of the first account manager's customers
        contacts.values().stream().limit(3).forEach(c -> c.follows.put("zhaolei",
                new Follow("zhaolei", now.minus(Duration.ofDays(20)), "", 202, "zhaolei")));
        seedHistory(now);
    }

    /** Behaviour statistics for the 60 days before the start, so that get_user_behavior_data has a history. */
    private void seedHistory(Instant now) {
        long today = dayStart(now);
        for (Employee e : employees.values()) {
            Random r = new Random(e.userid.hashCode());
            for (int back = 60; back >= 1; back--) {
                long d = today - back * 86_400L;
                if (e.resigned && Instant.ofEpochSecond(d).isAfter(e.dimissionTime)) {
                    break;
                }
                Day day = new Day();
                day.newApply = r.nextInt(6);
                day.newContact = day.newApply == 0 ? 0 : 1 + r.nextInt(day.newApply);
                day.seededChats = 3 + r.nextInt(30);
                day.messages = day.seededChats + r.nextInt(day.seededChats * 2 + 1);
                day.initiated = 1 + r.nextInt(day.seededChats);
                day.replied = Math.max(1, day.initiated - r.nextInt(3));
                day.replied = Math.min(day.replied, day.initiated);
                day.replyMinutes = (long) day.replied * (1 + r.nextInt(30));
                day.negativeFeedback = r.nextInt(10) == 0 ? 1 : 0;
                days.computeIfAbsent(e.userid, u -> new TreeMap<>()).put(d, day);
            }
        }
    }

    /**
     * WeCom's answer to a list of employee userids it cannot take (none, more than 100, or one it does
     * not know), or null when every one is known. The calls differ only in the errcode for an empty
     * list and in their wording.
     */
    private Answer refusedUserids(List<String> userids, int emptyCode, String empty, String tooMany) {
        if (userids == null || userids.isEmpty()) {
            return Answer.error(emptyCode, empty);
        }
        if (userids.size() > MAX_USERIDS) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, tooMany);
        }
        for (String userid : userids) {
            if (!employees.containsKey(userid)) {
                return Answer.error(ContactErrors.INVALID_USERID, "invalid userid " + userid);
            }
        }
        return null;
    }

    /** Where a page starts: 0 without a cursor, the offset a cursor of ours names, -1 for any other cursor. */
    static int offsetOf(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        String decoded = decodeCursor(cursor);
        try {
            return decoded == null ? -1 : Integer.parseInt(decoded);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
