package com.wecomassist.error;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers every {@link Refused} the same way, whichever controller refused. */
@RestControllerAdvice
class RefusedAnswers {

    @ExceptionHandler(Refused.class)
    ResponseEntity<Map<String, Object>> refused(Refused e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", e.reason());
        body.put("message", e.getMessage() == null ? e.reason() : e.getMessage());
        body.putAll(e.facts());
        return ResponseEntity.status(e.status()).body(body);
    }
}
