package dev.tailor.hygiene;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Phone numbers in E.164 ({@code +14155550100}), read with libphonenumber's metadata of every region. */
@ApplicationScoped
public class PhoneNormalizer {

    /** libphonenumber's region for "none known": only numbers with a leading + can be read. */
    private static final String UNKNOWN_REGION = "ZZ";

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    /**
     * The number in E.164, or empty when it is not a valid number.
     *
     * @param region ISO 3166-1 alpha-2 region of a number written without a country code, or null if unknown
     */
    public Optional<String> normalize(String raw, String region) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = phones.parse(raw, region == null ? UNKNOWN_REGION : region);
            return phones.isValidNumber(number)
                    ? Optional.of(phones.format(number, PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
