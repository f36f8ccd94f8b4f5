package com.wecomassist.simulator.contacts;

import com.wecomassist.simulator.SimulatorMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a person (the 客户联系 page) or a test act in an employee's WeCom client and as their WeChat
 * customers: add, edit, delete, be deleted, refuse a takeover, chat, leave the bank — each firing the
 * callback WeCom would — and advance the simulated clock.
 */
@RestController
@Conditional(SimulatorMode.class)
@RequestMapping("/simulator/api/contacts")
class ContactsPageController {

    private final ContactsSimulator contacts;
    private final ContactCallbacks callbacks;
    private final GroupSendSimulator groupSend;

    ContactsPageController(ContactsSimulator contacts, ContactCallbacks callbacks, GroupSendSimulator groupSend) {
        this.contacts = contacts;
        this.callbacks = callbacks;
        this.groupSend = groupSend;
    }

    @GetMapping("/employees")
    List<Map<String, Object>> employees() {
        return contacts.employees();
    }

    @GetMapping("/employees/{userid}/customers")
    List<Map<String, Object>> customers(@PathVariable String userid) {
        // the automated confirmations due by now deliver first, so the received texts are current
        groupSend.settle();
        return contacts.customers(userid);
    }

    /** {"name": "...", "state": "...", "half": false, "externalUserId": an existing customer, optional}. */
    @PostMapping("/employees/{userid}/customers")
    Map<String, Object> add(@PathVariable String userid, @RequestBody Map<String, Object> body) {
        ContactsSimulator.Added added = contacts.add(userid, str(body, "name"), str(body, "state"),
                Boolean.TRUE.equals(body.get("half")), str(body, "externalUserId"));
        return Map.of("externalUserId", added.externalUserId(), "welcomeCode", added.welcomeCode());
    }

    /** {"remark": "...", "tags": [tag ids]}: either may be left out. */
    @PutMapping("/employees/{userid}/customers/{externalUserId}")
    Map<String, Object> edit(@PathVariable String userid, @PathVariable String externalUserId,
                             @RequestBody Map<String, Object> body) {
        List<String> tags = body.get("tags") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
        contacts.edit(userid, externalUserId, str(body, "remark"), tags);
        return Map.of("edited", true);
    }

    @DeleteMapping("/employees/{userid}/customers/{externalUserId}")
    Map<String, Object> employeeDeletes(@PathVariable String userid, @PathVariable String externalUserId) {
        contacts.employeeDeletes(userid, externalUserId);
        return Map.of("deleted", true);
    }

    @PostMapping("/employees/{userid}/customers/{externalUserId}/customer-deletes")
    Map<String, Object> customerDeletes(@PathVariable String userid, @PathVariable String externalUserId) {
        contacts.customerDeletes(userid, externalUserId);
        return Map.of("deleted", true);
    }

    /** {"from": "customer" | "employee"}: one line of 1:1 chat, counted in the behaviour data. */
    @PostMapping("/employees/{userid}/customers/{externalUserId}/chat")
    Map<String, Object> chat(@PathVariable String userid, @PathVariable String externalUserId,
                             @RequestBody Map<String, Object> body) {
        contacts.chat(userid, externalUserId, "customer".equals(str(body, "from")));
        return Map.of("counted", true);
    }

    @PostMapping("/employees/{userid}/resign")
    Map<String, Object> resign(@PathVariable String userid) {
        contacts.resign(userid);
        return Map.of("resigned", true);
    }

    @PostMapping("/customers/{externalUserId}/refuse-transfer")
    Map<String, Object> refuse(@PathVariable String externalUserId) {
        contacts.customerRefuses(externalUserId);
        return Map.of("refused", true);
    }

    @GetMapping("/transfers")
    List<Map<String, Object>> transfers() {
        return contacts.transfers(100);
    }

    @GetMapping("/tags")
    List<Map<String, Object>> tags() {
        return contacts.tagLibrary();
    }

    @GetMapping("/callbacks")
    List<ContactCallbacks.Posted> callbacks() {
        return callbacks.posted();
    }

    @GetMapping("/clock")
    Map<String, Object> clock() {
        return clockView();
    }

    /**
     * {"seconds": n}: moves the 客户联系 side's clock forward (takeovers due by then complete, and the
     * automated 企业群发 confirmations due by then send).
     */
    @PostMapping("/clock/advance")
    Map<String, Object> advance(@RequestBody Map<String, Object> body) {
        long seconds = body.get("seconds") instanceof Number n ? n.longValue() : -1;
        if (seconds <= 0 || seconds > Duration.ofDays(365).toSeconds()) {
            throw new ContactsSimulator.Refused("seconds must be between 1 and one year", false);
        }
        contacts.advance(Duration.ofSeconds(seconds));
        groupSend.settle();
        return clockView();
    }

    private Map<String, Object> clockView() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("now", contacts.time().instant().toString());
        view.put("advancedSeconds", contacts.time().offset().toSeconds());
        return view;
    }

    @ExceptionHandler(ContactsSimulator.Refused.class)
    ResponseEntity<Map<String, Object>> refused(ContactsSimulator.Refused e) {
        return ResponseEntity.status(e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT)
                .body(Map.of("error", e.getMessage()));
    }

    private static String str(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value == null ? null : value.toString();
    }
}
