package com.wecomassist.comply.judge;

/** The model answered, but not the JSON object the judge's prompt asks for: no opinion. */
public class UnusableOpinionException extends RuntimeException {

    public UnusableOpinionException(String message) {
        super(message);
    }

    public UnusableOpinionException(String message, Throwable cause) {
        super(message, cause);
    }
}
