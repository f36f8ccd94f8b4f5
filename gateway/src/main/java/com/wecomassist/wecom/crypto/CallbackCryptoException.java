package com.wecomassist.wecom.crypto;

/**
 * A callback that cannot be verified or decrypted. Permanent by nature: the same bytes will fail
 * the same way, so the caller answers 4xx and never retries. The message never contains key
 * material or plaintext.
 */
public class CallbackCryptoException extends RuntimeException {

    private final CryptoError error;

    public CallbackCryptoException(CryptoError error) {
        this(error, null);
    }

    public CallbackCryptoException(CryptoError error, Throwable cause) {
        super(error.code() + " " + error.description(), cause);
        this.error = error;
    }

    public CryptoError error() {
        return error;
    }

    public int code() {
        return error.code();
    }
}
