package dev.tailor.hygiene;

import dev.tailor.hygiene.FieldSimilarity.CodeAgreement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores how likely two customer records describe the same person, in the manner of Fellegi and Sunter: every field
 * adds evidence, in bits, for (agreement) or against (disagreement) a match, and a missing field adds none. The
 * weights are roughly log2(m/u), m being how often a field agrees between two records of one person despite typos,
 * and u how often it agrees between two different people by chance: a shared birth date is strong evidence, a shared
 * state weak, a different street number only mildly against (people move, forms get it wrong). The sum becomes a
 * score from 0 to 1 through a logistic curve; the score orders pairs and carries the threshold, it is not a
 * calibrated probability.
 *
 * <p>Names and address lines are compared both straight and crossed (given name against surname, first address line
 * against second), because forms swap them; the better reading counts.
 *
 * <p>The weights were set against the look-alikes a customer base holds, not only against Febrl's duplicates, whose
 * non-matches are strangers: a relative shares surname and address, a namesake name and suburb. Hence the caps on
 * address evidence and the strong weight against a different given name. Twins (same surname, birth date and address)
 * still score as duplicates: only the given name tells them apart, and a mistyped given name looks the same.
 */
public final class PairScorer {

    /**
     * The evidence, in bits, at which a pair scores 0.5: with the default threshold, below what a relative or a
     * namesake usually collects and above what a duplicate with two or three mistyped or missing fields does.
     */
    static final double MIDPOINT = 17.0;
    /** Bits per doubling of the odds: the larger, the gentler the score rises around the midpoint. */
    static final double SCALE = 3.0;

    private static final Weights GIVEN = new Weights("given name", 6.0, 4.5, 3.0, 1.0, -6.0);
    private static final Weights SURNAME = new Weights("surname", 8.0, 6.0, 4.0, 1.5, -4.0);
    private static final Weights STREET = new Weights("street", 6.0, 4.5, 0.0, 1.0, -3.0);
    private static final Weights ADDRESS_LINE_2 = new Weights("address line 2", 4.0, 3.0, 0.0, 0.5, -1.0);
    private static final Weights CITY = new Weights("suburb", 5.0, 4.0, 0.0, 1.0, -2.5);
    /** Jaro-Winkler from which two spellings count as one name mistyped: "hannagan" and "hanagan" are 0.90. */
    private static final double CLOSE = 0.90;

    private static final double VAGUE = 0.85;
    private static final double SWAPPED_PENALTY = 1.0;
    private static final double STREET_MIN = -4.0;
    private static final double STREET_MAX = 7.0;
    private static final double LOCALITY_MIN = -5.0;
    private static final double LOCALITY_MAX = 5.0;

    /** Scores a pair of records; the reasons list every field that could be compared. */
    public DuplicatePair score(CustomerRecord a, CustomerRecord b) {
        return score(NormalizedRecord.of(a), NormalizedRecord.of(b));
    }

    DuplicatePair score(NormalizedRecord first, NormalizedRecord second) {
        // Crossed comparisons weigh a's given name as a given name: fix the order so the result does not depend on it.
        boolean ordered = first.id().compareTo(second.id()) <= 0;
        NormalizedRecord a = ordered ? first : second;
        NormalizedRecord b = ordered ? second : first;
        Evidence evidence = new Evidence();
        names(a, b, evidence);
        dateOfBirth(a, b, evidence);
        address(a, b, evidence);
        exact("e-mail", a.email(), b.email(), 12.0, -2.0, evidence);
        exact("phone", a.phone(), b.phone(), 10.0, -1.0, evidence);
        double score = 1.0 / (1.0 + Math.pow(2.0, -(evidence.bits - MIDPOINT) / SCALE));
        return new DuplicatePair(a.id(), b.id(), score, List.copyOf(evidence.reasons));
    }

    private static void names(NormalizedRecord a, NormalizedRecord b, Evidence evidence) {
        Evidence straight = new Evidence();
        compare(GIVEN, a.givenName(), a.givenCodes(), b.givenName(), b.givenCodes(), straight);
        compare(SURNAME, a.surname(), a.surnameCodes(), b.surname(), b.surnameCodes(), straight);
        Evidence crossed = new Evidence();
        crossed.add(-SWAPPED_PENALTY, "given name and surname swapped");
        compare(GIVEN, a.givenName(), a.givenCodes(), b.surname(), b.surnameCodes(), crossed);
        compare(SURNAME, a.surname(), a.surnameCodes(), b.givenName(), b.givenCodes(), crossed);
        evidence.addAll(better(straight, crossed));
    }

    /**
     * The street (number and lines) and the locality (suburb, postcode, state, country) are each capped: the fields
     * within one are not independent, and a full shared address identifies a household, not a person, so it must not
     * outweigh two different given names and birth dates.
     */
    private static void address(NormalizedRecord a, NormalizedRecord b, Evidence evidence) {
        Evidence street = new Evidence();
        if (a.streetNumber() != null && b.streetNumber() != null) {
            switch (FieldSimilarity.code(a.streetNumber(), b.streetNumber())) {
                case SAME -> street.add(3.0, "same street number");
                case ONE_TYPO -> street.add(0.5, "street number one typo apart");
                default -> street.add(-1.5, "street number differs");
            }
        }
        Evidence straight = new Evidence();
        compare(STREET, a.addressLine1(), null, b.addressLine1(), null, straight);
        compare(ADDRESS_LINE_2, a.addressLine2(), null, b.addressLine2(), null, straight);
        Evidence crossed = new Evidence();
        crossed.add(-SWAPPED_PENALTY, "address lines swapped");
        compare(STREET, a.addressLine1(), null, b.addressLine2(), null, crossed);
        compare(ADDRESS_LINE_2, a.addressLine2(), null, b.addressLine1(), null, crossed);
        street.addAll(better(straight, crossed));
        evidence.addClamped(street, STREET_MIN, STREET_MAX);

        Evidence locality = new Evidence();
        compare(CITY, a.city(), null, b.city(), null, locality);
        if (a.postcode() != null && b.postcode() != null) {
            switch (FieldSimilarity.code(a.postcode(), b.postcode())) {
                case SAME -> locality.add(5.0, "same postcode");
                case ONE_TYPO -> locality.add(2.0, "postcode one typo apart");
                default -> locality.add(-2.0, "postcode differs");
            }
        }
        exact("state", a.state(), b.state(), 1.0, -1.0, locality);
        exact("country", a.country(), b.country(), 0.5, -3.0, locality);
        evidence.addClamped(locality, LOCALITY_MIN, LOCALITY_MAX);
    }

    private static void dateOfBirth(NormalizedRecord a, NormalizedRecord b, Evidence evidence) {
        if (a.dateOfBirth() == null || b.dateOfBirth() == null) {
            return;
        }
        CodeAgreement agreement = FieldSimilarity.dateOfBirth(a.dateOfBirth(), b.dateOfBirth());
        switch (agreement) {
            case SAME -> evidence.add(10.0, "same date of birth");
            case DAY_MONTH_SWAPPED -> evidence.add(6.0, "date of birth with day and month swapped");
            case ONE_TYPO -> evidence.add(5.0, "date of birth one digit off");
            default -> evidence.add(-5.0, "date of birth differs");
        }
    }

    /**
     * The crossed reading only when it finds agreement: otherwise pairing a field with an empty one would merely
     * dodge the evidence against a match.
     */
    private static Evidence better(Evidence straight, Evidence crossed) {
        return crossed.bits > 0 && crossed.bits > straight.bits ? crossed : straight;
    }

    /** A name-like field: exact, close in spelling, alike in sound, vaguely alike, or different. */
    private static void compare(Weights w, String a, String[] codesA, String b, String[] codesB, Evidence evidence) {
        if (a == null || b == null) {
            return;
        }
        if (a.equals(b)) {
            evidence.add(w.same, "same " + w.label);
            return;
        }
        double similarity = FieldSimilarity.jaroWinkler(a, b);
        if (similarity >= CLOSE) {
            evidence.add(w.close, w.label + " jaro-winkler " + format(similarity));
        } else if (codesA != null && FieldSimilarity.soundAlike(codesA, codesB)) {
            evidence.add(w.soundAlike, w.label + " sounds alike, jaro-winkler " + format(similarity));
        } else if (similarity >= VAGUE) {
            evidence.add(w.vague, w.label + " jaro-winkler " + format(similarity));
        } else {
            evidence.add(w.different, w.label + " differs, jaro-winkler " + format(similarity));
        }
    }

    private static void exact(String label, String a, String b, double same, double different, Evidence evidence) {
        if (a == null || b == null) {
            return;
        }
        if (a.equals(b)) {
            evidence.add(same, "same " + label);
        } else {
            evidence.add(different, label + " differs");
        }
    }

    private static String format(double similarity) {
        return String.format(Locale.ROOT, "%.2f", similarity);
    }

    /** Bits for each level of agreement of a name-like field; sounding alike is only asked of names (0 elsewhere). */
    private record Weights(
            String label, double same, double close, double soundAlike, double vague, double different) {}

    /** Bits of evidence and the reasons behind them. */
    private static final class Evidence {
        double bits;
        final List<String> reasons = new ArrayList<>(16);

        void add(double weight, String reason) {
            bits += weight;
            reasons.add(reason);
        }

        void addAll(Evidence other) {
            bits += other.bits;
            reasons.addAll(other.reasons);
        }

        /** Adds another's reasons, and its bits kept within min..max. */
        void addClamped(Evidence other, double min, double max) {
            bits += Math.max(min, Math.min(max, other.bits));
            reasons.addAll(other.reasons);
        }
    }
}
