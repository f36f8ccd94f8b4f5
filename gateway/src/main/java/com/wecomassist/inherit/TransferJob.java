package com.wecomassist.inherit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One inheritance (客户继承) as requested: the customers of {@code handover} that go to {@code takeover},
 * with each customer's state. Kept whole in the store (memory or Redis) so that another instance, or this
 * one after a restart, continues where it stood; {@code version} guards concurrent writers (the poller
 * and a transfer_fail callback).
 *
 * @param id          the job id
 * @param kind        在职 or 离职
 * @param handover    the employee whose customers move
 * @param takeover    the employee who takes them
 * @param message     the text the customer sees (在职 only; null for none)
 * @param requestedBy the console user who asked
 * @param createdAt   when
 * @param phase       where the job stands as a whole
 * @param customers   each customer, in the order they are sent
 * @param version     bumped at every write
 */
public record TransferJob(String id, TransferKind kind, String handover, String takeover, String message,
                          String requestedBy, Instant createdAt, Phase phase, List<CustomerTransfer> customers,
                          long version) {

    /** The job as a whole. */
    public enum Phase {
        /** Batches are being sent. */
        SENDING,
        /** Every batch was sent; transfer_result is polled until every customer is final. */
        POLLING,
        /** Every customer is final (or given up on). */
        DONE
    }

    public TransferJob {
        customers = List.copyOf(customers);
    }

    /** How many customers are in each state (states with none are left out). */
    public Map<CustomerState, Integer> counts() {
        Map<CustomerState, Integer> counts = new EnumMap<>(CustomerState.class);
        customers.forEach(c -> counts.merge(c.state(), 1, Integer::sum));
        return counts;
    }

    public boolean open() {
        return customers.stream().anyMatch(c -> c.state().open());
    }

    public List<CustomerTransfer> in(CustomerState state) {
        return customers.stream().filter(c -> c.state() == state).toList();
    }

    /** This job with each customer changed by {@code change} (which answers the same record to leave one as it is). */
    public TransferJob mapCustomers(UnaryOperator<CustomerTransfer> change) {
        List<CustomerTransfer> next = new ArrayList<>(customers.size());
        customers.forEach(c -> next.add(change.apply(c)));
        return new TransferJob(id, kind, handover, takeover, message, requestedBy, createdAt, phase, next, version);
    }

    public TransferJob inPhase(Phase next) {
        return new TransferJob(id, kind, handover, takeover, message, requestedBy, createdAt, next, customers, version);
    }

    public TransferJob nextVersion() {
        return new TransferJob(id, kind, handover, takeover, message, requestedBy, createdAt, phase, customers,
                version + 1);
    }
}
