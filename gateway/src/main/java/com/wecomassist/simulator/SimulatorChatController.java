package com.wecomassist.simulator;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationStore;
import java.util.LinkedHashMap;
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
import reactor.core.publisher.Mono;

/**
 * Lets a person (the chat page) or a test act as a WeChat customer, or as a servicer in the WeCom
 * client, and watch the chat live over server-sent events.
 */
@RestController
@Conditional(SimulatorMode.class)
class SimulatorChatController {

    private final WecomSimulator simulator;
    private final ConversationStore conversations;

    SimulatorChatController(WecomSimulator simulator, ConversationStore conversations) {
        this.simulator = simulator;
        this.conversations = conversations;
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

    /**
     * The customer writes: {"text": "..."}; or {"type": "image"} for a picture; or clicks an item of a
     * menu: {"menuId": "...", "text": the item's text}.
     */
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
        String menuId = body.get("menuId");
        if (menuId != null && !menuId.isEmpty()) {
            return Map.of("msgid", simulator.customerClicks(openKfId, customer, menuId, text));
        }
        return Map.of("msgid", simulator.customerWrites(openKfId, customer, text));
    }

    @PostMapping("/simulator/api/chats/{openKfId}/{customer}/enter")
    Map<String, Object> customerEnters(@PathVariable String openKfId, @PathVariable String customer) {
        checkAccount(openKfId);
        simulator.customerEnters(openKfId, customer);
        return Map.of("entered", true);
    }

    /** A servicer in the WeCom client: {"action": "takeover"|"write"|"pool"|"end", "servicer": .., "text": ..}. */
    @PostMapping("/simulator/api/chats/{openKfId}/{customer}/servicer")
    Map<String, Object> servicer(@PathVariable String openKfId, @PathVariable String customer,
                                 @RequestBody Map<String, String> body) {
        checkAccount(openKfId);
        String servicer = body.getOrDefault("servicer", "servicer01");
        switch (body.getOrDefault("action", "")) {
            case "takeover" -> simulator.servicerTakesOver(openKfId, customer, servicer);
            case "end" -> simulator.servicerEnds(openKfId, customer);
            case "pool" -> simulator.servicerReturnsToPool(openKfId, customer);
            case "write" -> {
                String text = body.get("text");
                if (text == null || text.isBlank()) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text is required");
                }
                simulator.servicerWrites(openKfId, customer, servicer, text);
            }
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "action must be takeover, write, pool or end");
        }
        return Map.of("serviceState", simulator.sessionState(openKfId, customer));
    }

    /**
     * Where the customer really stands: WeCom's service_state ({@code serviceState}, {@code wecomName})
     * and the gateway's own state ({@code gatewayState}), which is the one that counts while the gateway
     * keeps a handed-off conversation in its own queue (WeCom then still says 0 or 1); {@code name} is
     * the one line the page shows, {@code waitingReason} why a person is needed (or absent).
     */
    @GetMapping("/simulator/api/chats/{openKfId}/{customer}/state")
    Mono<Map<String, Object>> state(@PathVariable String openKfId, @PathVariable String customer) {
        checkAccount(openKfId);
        int wecomState = simulator.sessionState(openKfId, customer);
        String wecomName = simulator.sessionStateName(openKfId, customer);
        return conversations.get(ConversationKey.kf(openKfId, customer)).map(c -> {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("serviceState", wecomState);
            state.put("wecomName", wecomName);
            state.put("gatewayState", c.state().name());
            state.put("name", shownName(wecomState, wecomName, c));
            if (c.handOff() != null) {
                state.put("waitingReason", c.handOff().reason());
            }
            return state;
        });
    }

    /** WeCom's word wins where WeCom holds the session (pool, servicer, ended); else the gateway's. */
    private static String shownName(int wecomState, String wecomName, Conversation c) {
        if (wecomState == 2 || wecomState == 3) {
            return wecomName;
        }
        return switch (c.state()) {
            case QUEUED -> "待人工接入";
            case HUMAN -> "人工接待（" + c.servicerUserId() + "）";
            case AWAITING_APPROVAL -> "回复待坐席审核";
            case DRAFTING -> "智能助手回复中";
            case ENDED -> "已结束";
            case NEW, BOT -> wecomName;
        };
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
