package com.wecomassist.inbound.wecom;

import org.springframework.http.HttpStatus;

/** Why a callback was refused, and the status WeCom (or whoever sent it) gets: no other detail. */
enum CallbackRejected {
    MISSING_PARAMETER(HttpStatus.BAD_REQUEST),
    TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE),
    MALFORMED(HttpStatus.BAD_REQUEST),
    STALE_TIMESTAMP(HttpStatus.UNAUTHORIZED),
    BAD_SIGNATURE(HttpStatus.UNAUTHORIZED),
    REPLAYED(HttpStatus.CONFLICT),
    UNDECRYPTABLE(HttpStatus.BAD_REQUEST),
    WRONG_RECEIVER(HttpStatus.FORBIDDEN),
    /** Our side could not take the message: non-200 so that WeCom delivers it again. */
    NOT_TAKEN(HttpStatus.SERVICE_UNAVAILABLE);

    final HttpStatus status;

    CallbackRejected(HttpStatus status) {
        this.status = status;
    }

    String tag() {
        return name().toLowerCase();
    }
}
