package dev.tailor.hygiene;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * E-mail addresses as one customer's spellings agree: trimmed and lower-cased, an international domain in its ASCII
 * (punycode) form, so {@code Ada@Bücher.DE} and {@code ada@xn--bcher-kva.de} are the same address. The local part
 * is lower-cased too: mailbox providers treat it case-insensitively in practice, though the RFC allows otherwise.
 */
@ApplicationScoped
public class EmailNormalizer {

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_ADDRESS = 254;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern UNSAFE_IN_LOCAL_PART = Pattern.compile("[\\s\\p{Cc}@]");

    /** The normalised address, or empty when {@code raw} cannot be an address. */
    public Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String address = raw.strip();
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        String local = address.substring(0, at).toLowerCase(Locale.ROOT);
        if (local.length() > MAX_LOCAL_PART
                || UNSAFE_IN_LOCAL_PART.matcher(local).find()) {
            return Optional.empty();
        }
        return asciiDomain(address.substring(at + 1))
                .map(domain -> local + "@" + domain)
                .filter(normalised -> normalised.length() <= MAX_ADDRESS);
    }

    private static Optional<String> asciiDomain(String domain) {
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }
}
