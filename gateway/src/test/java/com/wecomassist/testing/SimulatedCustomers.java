package com.wecomassist.testing;

import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Customers of one simulated 微信客服 account, as the end-to-end tests drive them: a customer writes,
 * the test waits for the draft the pipeline queued for agents, and reads what reached the customer.
 */
public final class SimulatedCustomers {

    private final WecomSimulator simulator;
    private final ApprovalQueue approvals;
    private final String openKfId;
    private final Duration wait;

    public SimulatedCustomers(WecomSimulator simulator, ApprovalQueue approvals, String openKfId, Duration wait) {
        this.simulator = simulator;
        this.approvals = approvals;
        this.openKfId = openKfId;
        this.wait = wait;
    }

    /** The customer writes {@code text}; answers the draft it led to once agents can see it. */
    public QueuedDraft askAndAwaitDraft(String customer, String text) {
        simulator.customerWrites(openKfId, customer, text);
        await().atMost(wait).until(() -> pendingFor(customer).isPresent());
        return pendingFor(customer).orElseThrow();
    }

    /** The customer's draft waiting for an agent, if any. */
    public Optional<QueuedDraft> pendingFor(String customer) {
        return approvals.pending()
                .filter(q -> q.draft().conversation().equals(ConversationKey.kf(openKfId, customer)))
                .next().blockOptional(wait);
    }

    /** What the bot or an agent sent the customer, oldest first. */
    public List<ChatLine> botLines(String customer) {
        return simulator.transcript(openKfId, customer).stream().filter(l -> l.from().equals(ChatLine.BOT)).toList();
    }

    /** An agent's POST to {@code uri} (one path variable), with a JSON body or none. */
    public static WebTestClient.ResponseSpec post(WebTestClient web, String uri, String id, String agent,
                                                  Map<String, String> body) {
        var request = web.post().uri(uri, id).headers(Staff.as(agent));
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }
}
