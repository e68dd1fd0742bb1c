package dev.tailor.hygiene;

import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * Comparisons of single, normalised fields, each tolerant of the mistakes people make when they type them: a letter
 * wrong or missing, names spelt as they sound, day and month swapped, two digits transposed.
 */
final class FieldSimilarity {

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final DoubleMetaphone DOUBLE_METAPHONE = new DoubleMetaphone();
    private static final String[] NO_CODES = new String[0];

    /** How two codes (a postcode, a street number, a birth date) agree. */
    enum CodeAgreement {
        SAME,
        /** Day and month exchanged: 1977-05-01 against 1977-01-05. Only for dates. */
        DAY_MONTH_SWAPPED,
        /** One character different, or two adjacent characters transposed. */
        ONE_TYPO,
        DIFFERENT
    }

    private FieldSimilarity() {}

    /** Jaro-Winkler similarity, 0 to 1; 1 for equal strings. Both must be non-null. */
    static double jaroWinkler(String a, String b) {
        return a.equals(b) ? 1.0 : JARO_WINKLER.apply(a, b);
    }

    /** The primary and, when it differs, the alternate Double Metaphone code of a normalised name. */
    static String[] metaphones(String name) {
        if (name == null) {
            return NO_CODES;
        }
        String primary = DOUBLE_METAPHONE.doubleMetaphone(name);
        String alternate = DOUBLE_METAPHONE.doubleMetaphone(name, true);
        if (primary == null || primary.isEmpty()) {
            return NO_CODES;
        }
        return alternate == null || alternate.isEmpty() || alternate.equals(primary)
                ? new String[] {primary}
                : new String[] {primary, alternate};
    }

    /** Whether any code of one name equals any code of the other: the two names sound alike. */
    static boolean soundAlike(String[] a, String[] b) {
        for (String x : a) {
            for (String y : b) {
                if (x.equals(y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Postcodes, street numbers and the like: equal, one typo apart, or different. Both must be non-null. */
    static CodeAgreement code(String a, String b) {
        if (a.equals(b)) {
            return CodeAgreement.SAME;
        }
        return oneTypo(a, b) ? CodeAgreement.ONE_TYPO : CodeAgreement.DIFFERENT;
    }

    /** Birth dates as yyyyMMdd: equal, day and month swapped, one typo apart, or different. Both must be non-null. */
    static CodeAgreement dateOfBirth(String a, String b) {
        if (a.equals(b)) {
            return CodeAgreement.SAME;
        }
        String swapped = a.substring(0, 4) + a.substring(6, 8) + a.substring(4, 6);
        if (swapped.equals(b)) {
            return CodeAgreement.DAY_MONTH_SWAPPED;
        }
        return oneTypo(a, b) ? CodeAgreement.ONE_TYPO : CodeAgreement.DIFFERENT;
    }

    /**
     * One substitution, one insertion or deletion, or one transposition of neighbours: the edits that account for
     * most typing mistakes (Damerau).
     */
    static boolean oneTypo(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        if (la == lb) {
            int first = -1;
            int count = 0;
            for (int i = 0; i < la; i++) {
                if (a.charAt(i) != b.charAt(i)) {
                    if (count == 0) {
                        first = i;
                    }
                    count++;
                }
            }
            if (count == 1) {
                return true;
            }
            return count == 2
                    && first + 1 < la
                    && a.charAt(first) == b.charAt(first + 1)
                    && a.charAt(first + 1) == b.charAt(first)
                    && a.regionMatches(first + 2, b, first + 2, la - first - 2);
        }
        String longer = la > lb ? a : b;
        String shorter = la > lb ? b : a;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) {
            i++;
        }
        return shorter.regionMatches(i, longer, i + 1, shorter.length() - i);
    }
}
