package com.wecomassist.wecom.crypto;

/** An encrypted payload and the signature over it, as WeCom expects them on the wire. */
public record EncryptedMessage(String encrypt, String signature, String timestamp, String nonce) {
}
