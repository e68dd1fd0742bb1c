package dev.tailor.hygiene;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Different people who look alike, made from a Febrl set, because Febrl's own non-matches are strangers drawn at
 * random and cannot show the errors a customer base invites: for each original, a relative (same surname and
 * address, another given name and birth date) and a namesake (same given name and surname in the same suburb and
 * postcode, another street and birth date). Every pair the finder reports between one of them and a record of the
 * person they imitate is a false match.
 *
 * @param relatives how many relatives were added
 * @param relativesMatched how many of them were reported as a duplicate of a record of their relative
 * @param namesakes how many namesakes were added
 * @param namesakesMatched how many of them were reported as a duplicate of a record of their namesake
 */
public record LookAlikes(String dataset, int relatives, int relativesMatched, int namesakes, int namesakesMatched) {

    public static LookAlikes measure(FebrlDataset data, DuplicateFinder finder) {
        List<CustomerRecord> originals = new ArrayList<>();
        for (CustomerRecord r : data.records()) {
            if (r.id().endsWith("-org")) {
                originals.add(r);
            }
        }
        Random random = new Random(42);
        List<CustomerRecord> records = new ArrayList<>(data.records());
        Map<String, String> imitated = new HashMap<>();
        for (CustomerRecord r : data.records()) {
            imitated.put(r.id(), entity(r.id()));
        }
        int relatives = 0;
        int namesakes = 0;
        for (CustomerRecord o : originals) {
            CustomerRecord other = originals.get(random.nextInt(originals.size()));
            CustomerRecord another = originals.get(random.nextInt(originals.size()));
            if (differs(o.givenName(), other.givenName()) && differs(o.dateOfBirth(), other.dateOfBirth())) {
                String id = "relative-" + entity(o.id());
                records.add(new CustomerRecord(
                        id,
                        other.givenName(),
                        o.surname(),
                        o.streetNumber(),
                        o.addressLine1(),
                        o.addressLine2(),
                        o.city(),
                        o.postcode(),
                        o.state(),
                        null,
                        other.dateOfBirth(),
                        null,
                        null));
                imitated.put(id, entity(o.id()));
                relatives++;
            }
            if (differs(o.addressLine1(), another.addressLine1()) && differs(o.dateOfBirth(), another.dateOfBirth())) {
                String id = "namesake-" + entity(o.id());
                records.add(new CustomerRecord(
                        id,
                        o.givenName(),
                        o.surname(),
                        another.streetNumber(),
                        another.addressLine1(),
                        another.addressLine2(),
                        o.city(),
                        o.postcode(),
                        o.state(),
                        null,
                        another.dateOfBirth(),
                        null,
                        null));
                imitated.put(id, entity(o.id()));
                namesakes++;
            }
        }
        Set<String> matchedRelatives = new HashSet<>();
        Set<String> matchedNamesakes = new HashSet<>();
        for (DuplicatePair p : finder.find(records)) {
            if (!imitated.get(p.a()).equals(imitated.get(p.b()))) {
                continue;
            }
            for (String id : List.of(p.a(), p.b())) {
                if (id.startsWith("relative-")) {
                    matchedRelatives.add(id);
                } else if (id.startsWith("namesake-")) {
                    matchedNamesakes.add(id);
                }
            }
        }
        return new LookAlikes(data.name(), relatives, matchedRelatives.size(), namesakes, matchedNamesakes.size());
    }

    private static boolean differs(String a, String b) {
        return a != null
                && b != null
                && !a.isBlank()
                && !b.isBlank()
                && !a.strip().equals(b.strip());
    }

    private static String entity(String recId) {
        return recId.split("-")[1];
    }
}
