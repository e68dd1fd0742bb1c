package dev.tailor.hygiene;

/**
 * What duplicate detection knows about one customer: the identity traits a profile carries (Segment's
 * {@code firstName}, {@code lastName}, {@code address}, {@code birthday}, {@code email}, {@code phone}) and the columns
 * of a person register. Every field but the id may be null or blank; a missing field is neither evidence for nor
 * against a match.
 *
 * @param id the customer id; pairs are only reported between different ids
 * @param addressLine1 usually the street name, without the number
 * @param addressLine2 a building, complex or flat; forms mix the two address lines up, so they are compared both ways
 * @param city the suburb, town or city
 * @param dateOfBirth {@code yyyy-MM-dd} or {@code yyyyMMdd}, as entered; kept as text because a mistyped date may not
 *     be a valid date and is still evidence
 */
public record CustomerRecord(
        String id,
        String givenName,
        String surname,
        String streetNumber,
        String addressLine1,
        String addressLine2,
        String city,
        String postcode,
        String state,
        String country,
        String dateOfBirth,
        String email,
        String phone) {}
