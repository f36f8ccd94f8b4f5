package com.wecomassist.error;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * The one place refusals become answers, whichever controller refused: {@code {"reason",
 * "message", ...facts}} with the refusal's status. Desks translate their domain's refusals into
 * {@link Refused}; besides those, only two kinds of failure are answered here: a body the framework
 * could not read (400 {@code INVALID_REQUEST}) and a {@link TransientException} that reached a
 * controller (503 {@code BUSY}: the caller may try again, which a 500 would not tell it).
 */
@RestControllerAdvice
class RefusedAnswers {

    @ExceptionHandler(Refused.class)
    ResponseEntity<Map<String, Object>> refused(Refused e) {
        return answer(e.status(), e.reason(), e.getMessage(), e.facts());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, Object>> unreadable(ServerWebInputException e) {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getReason(), Map.of());
    }

    @ExceptionHandler(TransientException.class)
    ResponseEntity<Map<String, Object>> busy(TransientException e) {
        return answer(HttpStatus.SERVICE_UNAVAILABLE, "BUSY", e.getMessage() + "; try again shortly", Map.of());
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String reason, String message,
                                                              Map<String, Object> facts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("message", message == null || message.isBlank() ? reason : message);
        body.putAll(facts);
        return ResponseEntity.status(status).body(body);
    }
}
