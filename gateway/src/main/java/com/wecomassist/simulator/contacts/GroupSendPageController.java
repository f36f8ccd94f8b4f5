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
 * The employee's side of 企业群发 (群发助手 in their WeCom client): the tasks the gateway created for
 * them, confirmed or ignored by a person on the page, by a test, or by the load tool — and, for runs
 * without clicks, a confirm behaviour that lets a seeded share of new tasks confirm themselves.
 */
@RestController
@Conditional(SimulatorMode.class)
@RequestMapping("/simulator/api/contacts/employees/{userid}")
class GroupSendPageController {

    private final GroupSendSimulator groupSend;

    GroupSendPageController(GroupSendSimulator groupSend) {
        this.groupSend = groupSend;
    }

    @GetMapping("/tasks")
    List<Map<String, Object>> tasks(@PathVariable String userid) {
        return groupSend.tasksOf(userid);
    }

    /** The employee sends the task: {@code sent}, {@code overLimit} and {@code notFriend} customers. */
    @PostMapping("/tasks/{msgid}/confirm")
    GroupSendSimulator.Confirmed confirm(@PathVariable String userid, @PathVariable String msgid) {
        return groupSend.confirm(userid, msgid);
    }

    @PostMapping("/tasks/{msgid}/ignore")
    Map<String, Object> ignore(@PathVariable String userid, @PathVariable String msgid) {
        groupSend.ignore(userid, msgid);
        return Map.of("ignored", true);
    }

    @GetMapping("/confirm-behaviour")
    Map<String, Object> behaviour(@PathVariable String userid) {
        return view(groupSend.behaviour(userid));
    }

    /**
     * {"share": p (0–1), "delaySeconds": d, "seed": s}: from now on, each new task of the employee is
     * confirmed d simulated seconds after its creation with probability p, decided by the seed and the
     * msgid (the same run decides alike); the others wait for a person.
     */
    @PutMapping("/confirm-behaviour")
    Map<String, Object> setBehaviour(@PathVariable String userid, @RequestBody Map<String, Object> body) {
        double share = body.get("share") instanceof Number n ? n.doubleValue() : -1;
        long delay = body.get("delaySeconds") instanceof Number n ? n.longValue() : 0;
        long seed = body.get("seed") instanceof Number n ? n.longValue() : 0;
        GroupSendSimulator.ConfirmBehaviour behaviour =
                new GroupSendSimulator.ConfirmBehaviour(share, Duration.ofSeconds(delay), seed);
        groupSend.setBehaviour(userid, behaviour);
        return view(behaviour);
    }

    /** Back to a person confirming by hand. */
    @DeleteMapping("/confirm-behaviour")
    Map<String, Object> clearBehaviour(@PathVariable String userid) {
        groupSend.setBehaviour(userid, null);
        return view(null);
    }

    private static Map<String, Object> view(GroupSendSimulator.ConfirmBehaviour behaviour) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("automated", behaviour != null);
        if (behaviour != null) {
            view.put("share", behaviour.share());
            view.put("delaySeconds", behaviour.delay().toSeconds());
            view.put("seed", behaviour.seed());
        }
        return view;
    }

    @ExceptionHandler(ContactsSimulator.Refused.class)
    ResponseEntity<Map<String, Object>> refused(ContactsSimulator.Refused e) {
        return ResponseEntity.status(e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT)
                .body(Map.of("error", e.getMessage()));
    }
}
