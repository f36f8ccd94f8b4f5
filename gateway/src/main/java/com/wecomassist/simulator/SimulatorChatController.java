package com.wecomassist.simulator;

import java.util.Map;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;

/**
 * Lets a person (the chat page) or a test act as a WeChat customer, or as a servicer in the WeCom
 * client, and watch the chat live over server-sent events.
 */
@RestController
@Conditional(SimulatorMode.class)
class SimulatorChatController {

    private final WecomSimulator simulator;

    SimulatorChatController(WecomSimulator simulator) {
        this.simulator = simulator;
    }

    /** The page; with a trailing slash too, which people type and which otherwise found no route (a JSON 404). */
    @GetMapping({"/simulator", "/simulator/"})
    ResponseEntity<Void> page(org.springframework.http.server.reactive.ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        return ResponseEntity.status(HttpStatus.FOUND)
                .header("Location", "/simulator/index.html" + (query == null ? "" : "?" + query)).build();
    }

    @GetMapping("/simulator/api/accounts")
    Map<String, Object> accounts() {
        return Map.of("openKfIds", simulator.openKfIds(), "corpId", simulator.settings().corpId());
    }

    /** The customer writes: {"text": "..."}; or {"type": "image"} for a picture. */
    @PostMapping("/simulator/api/chats/{openKfId}/{customer}/messages")
    Map<String, Object> customerWrites(@PathVariable String openKfId, @PathVariable String customer,
                                       @RequestBody Map<String, String> body) {
        checkAccount(openKfId);
        if ("image".equals(body.get("type"))) {
            return Map.of("msgid", simulator.customerSendsImage(openKfId, customer));
        }
        String text = body.get("text");
        if (text == null || text.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text is required");
        }
        return Map.of("msgid", simulator.customerWrites(openKfId, customer, text));
    }

    @PostMapping("/simulator/api/chats/{openKfId}/{customer}/enter")
    Map<String, Object> customerEnters(@PathVariable String openKfId, @PathVariable String customer) {
        checkAccount(openKfId);
        simulator.customerEnters(openKfId, customer);
        return Map.of("entered", true);
    }

    /** A servicer in the WeCom client: {"action": "takeover"|"write"|"end", "servicer": .., "text": ..}. */
    @PostMapping("/simulator/api/chats/{openKfId}/{customer}/servicer")
    Map<String, Object> servicer(@PathVariable String openKfId, @PathVariable String customer,
                                 @RequestBody Map<String, String> body) {
        checkAccount(openKfId);
        String servicer = body.getOrDefault("servicer", "servicer01");
        switch (body.getOrDefault("action", "")) {
            case "takeover" -> simulator.servicerTakesOver(openKfId, customer, servicer);
            case "end" -> simulator.servicerEnds(openKfId, customer);
            case "write" -> {
                String text = body.get("text");
                if (text == null || text.isBlank()) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text is required");
                }
                simulator.servicerWrites(openKfId, customer, servicer, text);
            }
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "action must be takeover, write or end");
        }
        return Map.of("serviceState", simulator.sessionState(openKfId, customer));
    }

    @GetMapping("/simulator/api/chats/{openKfId}/{customer}/state")
    Map<String, Object> state(@PathVariable String openKfId, @PathVariable String customer) {
        checkAccount(openKfId);
        int state = simulator.sessionState(openKfId, customer);
        return Map.of("serviceState", state, "name", WecomSimulator.stateName(state));
    }

    @GetMapping(path = "/simulator/api/chats/{openKfId}/{customer}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ChatLine> stream(@PathVariable String openKfId, @PathVariable String customer) {
        checkAccount(openKfId);
        return simulator.chat(openKfId, customer);
    }

    private void checkAccount(String openKfId) {
        if (!simulator.openKfIds().contains(openKfId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown 微信客服 account " + openKfId);
        }
    }
}
