package com.wecomassist.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.load.stub.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsBurstReportTest {

    @Test
    void theEngineIsDoneAtTheFirstPollThatSawTheFinalCounts() {
        List<EventsBurstReport.Poll> polls = List.of(new EventsBurstReport.Poll(1000, 10, 5),
                new EventsBurstReport.Poll(2000, 40, 20), new EventsBurstReport.Poll(3000, 40, 21),
                new EventsBurstReport.Poll(4000, 40, 21), new EventsBurstReport.Poll(9000, 40, 21));
        assertThat(EventsBurstReport.handledAt(polls)).isEqualTo(3000);
    }

    @Test
    void figuresAcceptedEventsPerSecondTasksPerSecondAndTheLimitCheck() {
        List<EventsBurstReport.Batch> batches = List.of(
                new EventsBurstReport.Batch(0, 0, 500, 200, 1000, 0, 0, 0),
                new EventsBurstReport.Batch(1, 100, 1000, 200, 990, 10, 0, 0),
                new EventsBurstReport.Batch(2, 500, 2000, 500, 0, 0, 0, 0));
        Map<String, Object> groupSends = Map.of("per_second", Map.of("100", 30, "101", 10, "103", 20),
                "over_monthly_limit", 0, "max_tasks_per_customer_month", 1, "senders", 3, "max_tasks_per_sender", 25);
        EventsBurstReport.Run run = new EventsBurstReport.Run(3000, 100, 3, 2, 1000, 2000, batches,
                List.of(new EventsBurstReport.Poll(2500, 80, 60), new EventsBurstReport.Poll(4000, 80, 60)), groupSends,
                Map.of(), Map.of("SEND", 60.0), Map.of(), Json.tree("{}"), Map.of(), Map.of());
        Map<String, Object> f = EventsBurstReport.figures(run, List.of(new GatewayGauges.Sample(1, 40, 300),
                new GatewayGauges.Sample(2, 42, 450.55)));
        @SuppressWarnings("unchecked")
        Map<String, Object> accepting = (Map<String, Object>) f.get("accepting");
        assertThat(accepting.get("accepted")).isEqualTo(1990L);
        assertThat(accepting.get("batches_not_200")).isEqualTo(1L);
        // 1,990 accepted between the first send (0 ms) and the last answer (2,000 ms)
        assertThat(accepting.get("events_per_second")).isEqualTo(995.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> tasks = (Map<String, Object>) f.get("tasks");
        assertThat(tasks.get("created")).isEqualTo(60L);
        // seconds 100 to 103: four seconds
        assertThat(tasks.get("per_second_mean")).isEqualTo(15.0);
        assertThat(tasks.get("per_second_peak")).isEqualTo(30L);
        @SuppressWarnings("unchecked")
        Map<String, Object> engine = (Map<String, Object>) f.get("engine");
        assertThat(engine.get("handled_seconds_after_burst_start")).isEqualTo(2.5);
        assertThat(engine.get("handled_seconds_after_last_answer")).isEqualTo(0.5);
        @SuppressWarnings("unchecked")
        Map<String, Object> gateway = (Map<String, Object>) f.get("gateway");
        assertThat(gateway.get("max_mib")).isEqualTo(450.6);
    }
}
