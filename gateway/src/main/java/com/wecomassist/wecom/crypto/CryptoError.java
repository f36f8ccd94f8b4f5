package com.wecomassist.wecom.crypto;

/**
 * The official WXBizMsgCrypt error codes (-40001…-40011), so that a log line or a support ticket
 * can be matched against WeCom's own documentation.
 */
public enum CryptoError {
    SIGNATURE_MISMATCH(-40001, "signature validation failed"),
    PARSE_FAILED(-40002, "envelope parse failed"),
    SIGNATURE_COMPUTATION_FAILED(-40003, "SHA-1 signature computation failed"),
    ILLEGAL_AES_KEY(-40004, "illegal EncodingAESKey"),
    RECEIVE_ID_MISMATCH(-40005, "receiveId mismatch"),
    ENCRYPT_FAILED(-40006, "AES encrypt failed"),
    DECRYPT_FAILED(-40007, "AES decrypt failed"),
    ILLEGAL_BUFFER(-40008, "illegal buffer after decrypt"),
    BASE64_ENCODE_FAILED(-40009, "Base64 encode failed"),
    BASE64_DECODE_FAILED(-40010, "Base64 decode failed"),
    REPLY_BUILD_FAILED(-40011, "building the reply failed");

    private final int code;
    private final String description;

    CryptoError(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }
}
