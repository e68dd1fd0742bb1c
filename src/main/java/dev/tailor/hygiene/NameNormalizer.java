package dev.tailor.hygiene;

import jakarta.enterprise.context.ApplicationScoped;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Names as they compare equal: Unicode NFKC (full-width letters, ligatures and compatibility characters folded),
 * trimmed, every run of whitespace or control characters inside collapsed to one space. Case is kept.
 */
@ApplicationScoped
public class NameNormalizer {

    private static final Pattern SPACING = Pattern.compile("[\\s\\p{Z}\\p{Cc}]+");

    public String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String folded = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        return SPACING.matcher(folded).replaceAll(" ").strip();
    }
}
