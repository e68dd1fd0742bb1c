package dev.tailor.hygiene;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A customer record cleaned once for comparison: lower case without accents, spaces or punctuation (forms and typists
 * add and drop spaces freely: "hampto n circuit"), phonetic codes computed, the birth date as eight digits. Blank
 * fields become null.
 */
record NormalizedRecord(
        String id,
        String givenName,
        String surname,
        String[] givenCodes,
        String[] surnameCodes,
        String streetNumber,
        String addressLine1,
        String[] addressLine1Codes,
        String addressLine2,
        String city,
        String postcode,
        String state,
        String country,
        String dateOfBirth,
        String email,
        String phone) {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern NOT_DIGIT = Pattern.compile("\\D+");
    /** Phone numbers are compared on their last digits so that "+61 2 ..." and "02 ..." agree. */
    private static final int PHONE_DIGITS = 9;

    static NormalizedRecord of(CustomerRecord r) {
        String given = text(r.givenName());
        String surname = text(r.surname());
        String line1 = text(r.addressLine1());
        return new NormalizedRecord(
                r.id(),
                given,
                surname,
                FieldSimilarity.metaphones(given),
                FieldSimilarity.metaphones(surname),
                text(r.streetNumber()),
                line1,
                FieldSimilarity.metaphones(line1),
                text(r.addressLine2()),
                text(r.city()),
                text(r.postcode()),
                text(r.state()),
                text(r.country()),
                date(r.dateOfBirth()),
                email(r.email()),
                phone(r.phone()));
    }

    static String text(String value) {
        if (value == null) {
            return null;
        }
        String plain =
                MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("");
        String cleaned =
                NOT_ALPHANUMERIC.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("");
        return cleaned.isEmpty() ? null : cleaned;
    }

    /** Eight digits yyyyMMdd, or null when the value has any other shape. */
    static String date(String value) {
        if (value == null) {
            return null;
        }
        String digits = NOT_DIGIT.matcher(value).replaceAll("");
        return digits.length() == 8 ? digits : null;
    }

    private static String email(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static String phone(String value) {
        if (value == null) {
            return null;
        }
        String digits = NOT_DIGIT.matcher(value).replaceAll("");
        if (digits.length() < 6) {
            return null;
        }
        return digits.length() > PHONE_DIGITS ? digits.substring(digits.length() - PHONE_DIGITS) : digits;
    }

    /** The year of birth, or null. */
    String birthYear() {
        return dateOfBirth == null ? null : dateOfBirth.substring(0, 4);
    }
}
