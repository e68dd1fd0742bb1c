package dev.tailor.sync;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * Signs webhook bodies: {@code Tailor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">} with
 * the destination's secret. A receiver recomputes the HMAC over the raw body it received, compares in constant
 * time, and refuses a {@code t} older than a few minutes (replay protection).
 */
public final class WebhookSigner {

    public static final String HEADER = "Tailor-Signature";

    private WebhookSigner() {}

    public static String signature(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + body);
    }

    static String hmac(String secret, String content) {
        return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, secret).hmacHex(content);
    }
}
