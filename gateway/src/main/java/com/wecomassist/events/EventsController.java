package com.wecomassist.events;

import com.wecomassist.error.Refused;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/events}: the bank's systems send one event or an array of up to
 * {@code assist.events.max-batch} ({@link EventFields} says the schema). The role EVENT_SOURCE (service
 * accounts, HTTP Basic) and ADMIN may, by {@code staff/SecurityConfiguration}. A body that is not JSON,
 * or any event with a field refused, is a 400 that names each field and the event's index, and nothing
 * of the batch is taken (fix it and send it again: the events are idempotent by id). Otherwise the
 * answer says per event {@code ACCEPTED}, {@code UNLINKED}, {@code DUPLICATE} or {@code REJECTED} (with the
 * reason), in the batch's order, and how many of each.
 */
@RestController
class EventsController {

    /** One event's result, where it was in the batch. */
    record EventResult(int index, String eventId, EventOutcome outcome, String reason) {
    }

    /** The batch's results, and how many of each outcome. */
    record EventsAnswer(Map<EventOutcome, Integer> counts, List<EventResult> results) {
    }

    private final EventFields fields;
    private final BankEvents intake;
    private final EventsProperties settings;
    private final MeterRegistry meters;

    EventsController(EventFields fields, BankEvents intake, EventsProperties settings, MeterRegistry meters) {
        this.fields = fields;
        this.intake = intake;
        this.settings = settings;
        this.meters = meters;
    }

    @PostMapping("/api/events")
    Mono<EventsAnswer> receive(@RequestBody(required = false) Flux<DataBuffer> body,
                               @RequestHeader(name = HttpHeaders.CONTENT_LENGTH, required = false) Long length) {
        int most = (int) Math.min(Integer.MAX_VALUE, settings.maxBody().toBytes());
        // refused by its declared length before a byte is read: a body cut off midway closes the connection
        // before the answer reaches the client; a chunked one is still cut at the limit
        if (length != null && length > most) {
            return Mono.error(tooLarge());
        }
        Flux<DataBuffer> buffers = body == null ? Flux.empty() : body;
        return DataBufferUtils.join(buffers, most)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
                .switchIfEmpty(Mono.error(() -> invalid(Refused.invalid("INVALID_EVENTS", "the body is empty: send an "
                        + "event object or an array of them"))))
                .map(joined -> {
                    try {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(joined);
                    }
                })
                // parsing and masking a thousand events is milliseconds of CPU: not on the event loop
                .publishOn(Schedulers.parallel())
                .map(this::candidates)
                .flatMap(candidates -> intake.take(candidates, BankEvent.Source.API))
                .map(EventsController::answer);
    }

    /** A request refused as a whole is counted once, as {@code INVALID}, however many events it held. */
    private Refused invalid(Refused refusal) {
        meters.counter("assist.events.received", "source", BankEvent.Source.API.name(), "outcome", "INVALID")
                .increment();
        return refusal;
    }

    private Refused tooLarge() {
        return invalid(Refused.tooLarge("BODY_TOO_LARGE", "the body is larger than assist.events.max-body ("
                + settings.maxBody() + "): send smaller batches"));
    }

    private List<EventFields.Candidate> candidates(byte[] body) {
        JsonNode node;
        try {
            node = EventJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw invalid(Refused.invalid("INVALID_JSON", "the body is not JSON: " + e.getOriginalMessage()));
        }
        try {
            return fields.batch(node);
        } catch (EventFields.NotAnEvent e) {
            throw invalid(Refused.invalid("INVALID_EVENTS", e.getMessage()).with(Map.of("errors", e.errors())));
        }
    }

    private static EventsAnswer answer(List<BankEvents.Result> results) {
        Map<EventOutcome, Integer> counts = new LinkedHashMap<>();
        for (EventOutcome outcome : EventOutcome.values()) {
            counts.put(outcome, 0);
        }
        List<EventResult> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            BankEvents.Result r = results.get(i);
            counts.merge(r.outcome(), 1, Integer::sum);
            out.add(new EventResult(i, r.eventId(), r.outcome(), r.reason()));
        }
        return new EventsAnswer(counts, out);
    }
}
