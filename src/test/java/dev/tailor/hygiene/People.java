package dev.tailor.hygiene;

/** Hand-made customer records for the tests, with the fields a test does not care about left out. */
final class People {

    private People() {}

    static CustomerRecord person(
            String id,
            String givenName,
            String surname,
            String streetNumber,
            String street,
            String city,
            String postcode,
            String dateOfBirth) {
        return new CustomerRecord(
                id,
                givenName,
                surname,
                streetNumber,
                street,
                null,
                city,
                postcode,
                "nsw",
                null,
                dateOfBirth,
                null,
                null);
    }

    static CustomerRecord named(String id, String givenName, String surname) {
        return new CustomerRecord(id, givenName, surname, null, null, null, null, null, null, null, null, null, null);
    }

    static CustomerRecord withDateOfBirth(CustomerRecord r, String dateOfBirth) {
        return new CustomerRecord(
                r.id(),
                r.givenName(),
                r.surname(),
                r.streetNumber(),
                r.addressLine1(),
                r.addressLine2(),
                r.city(),
                r.postcode(),
                r.state(),
                r.country(),
                dateOfBirth,
                r.email(),
                r.phone());
    }

    static CustomerRecord withContact(CustomerRecord r, String email, String phone) {
        return new CustomerRecord(
                r.id(),
                r.givenName(),
                r.surname(),
                r.streetNumber(),
                r.addressLine1(),
                r.addressLine2(),
                r.city(),
                r.postcode(),
                r.state(),
                r.country(),
                r.dateOfBirth(),
                email,
                phone);
    }
}
