package dev.tailor.hygiene.duplicates;

import dev.tailor.facts.CustomerProfile;
import dev.tailor.hygiene.CustomerRecord;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a stored customer's identity traits as a {@link CustomerRecord}: Segment's reserved traits
 * ({@code firstName}, {@code lastName}, {@code name}, {@code address.street/city/postalCode/state/country},
 * {@code birthday}, {@code email}, {@code phone}), in camel or snake case.
 */
final class ProfileRecords {

    /** A street written with its number first, "12 Main St" or "12a Main St". */
    private static final Pattern NUMBERED_STREET = Pattern.compile("^\\s*(\\d+\\w?)[\\s,]+(.+)$");
    /** A birthday sent as a date-time (Segment's libraries send {@code Date}s so): its date is what counts. */
    private static final Pattern DATE_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})T.*");

    private ProfileRecords() {}

    static CustomerRecord of(CustomerProfile profile) {
        Map<String, Object> traits = profile.traits();
        Map<?, ?> address = traits.get("address") instanceof Map<?, ?> given ? given : Map.of();
        String givenName = text(traits, "firstName", "first_name");
        String surname = text(traits, "lastName", "last_name");
        String fullName = text(traits, "name");
        if (givenName == null && surname == null && fullName != null) {
            int space = fullName.lastIndexOf(' ');
            givenName = space < 0 ? fullName : fullName.substring(0, space);
            surname = space < 0 ? null : fullName.substring(space + 1);
        }
        String street = text(address, "street", "line1");
        String streetNumber = null;
        if (street != null) {
            Matcher numbered = NUMBERED_STREET.matcher(street);
            if (numbered.matches()) {
                streetNumber = numbered.group(1);
                street = numbered.group(2);
            }
        }
        String birthday = text(traits, "birthday", "date_of_birth");
        if (birthday != null) {
            Matcher dateTime = DATE_TIME.matcher(birthday);
            birthday = dateTime.matches() ? dateTime.group(1) : birthday;
        }
        String country = text(address, "country");
        return new CustomerRecord(
                profile.id(),
                givenName,
                surname,
                streetNumber,
                street,
                text(address, "street2", "line2"),
                text(address, "city"),
                text(address, "postalCode", "postal_code"),
                text(address, "state"),
                country == null ? text(traits, "country") : country,
                birthday,
                text(traits, "email"),
                text(traits, "phone"));
    }

    /** The first of {@code names} with a value that is text or a number, as text; null when none has one. */
    private static String text(Map<?, ?> values, String... names) {
        for (String name : names) {
            Object value = values.get(name);
            if ((value instanceof String || value instanceof Number)
                    && !value.toString().isBlank()) {
                return value.toString().strip();
            }
        }
        return null;
    }
}
