package dev.tailor.hygiene;

import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses which pairs of records are worth scoring, so that n records cost far fewer than n²/2 comparisons. Each
 * blocking key puts records that share its value into one block; a pair is a candidate when it shares a block under
 * any key. The keys are chosen so that one or two corrupted fields do not separate a duplicate from its original:
 * each uses different fields, and names enter by sound (Double Metaphone) rather than spelling.
 */
public final class Blocking {

    /** A named way to put records into blocks; null when the record lacks the fields it needs. */
    record Key(String name, Function<NormalizedRecord, String> value) {}

    static final List<Key> KEYS = List.of(
            new Key("surname sound + postcode", r -> join(first(r.surnameCodes()), r.postcode())),
            new Key("given name sound + postcode", r -> join(first(r.givenCodes()), r.postcode())),
            new Key("surname sound + birth year", r -> join(first(r.surnameCodes()), r.birthYear())),
            new Key("given name sound + birth year", r -> join(first(r.givenCodes()), r.birthYear())),
            new Key("date of birth", NormalizedRecord::dateOfBirth),
            new Key("street number + postcode", r -> join(r.streetNumber(), r.postcode())),
            new Key("initials + suburb", r -> join(initials(r), r.city())),
            new Key("both name sounds", r -> unordered(first(r.givenCodes()), first(r.surnameCodes()))),
            new Key("street number + street sound", r -> join(r.streetNumber(), first(r.addressLine1Codes()))),
            new Key("e-mail", NormalizedRecord::email),
            new Key("phone", NormalizedRecord::phone));

    private final int maxBlockSize;

    public Blocking(int maxBlockSize) {
        if (maxBlockSize < 2) {
            throw new IllegalArgumentException("maxBlockSize must be at least 2, was " + maxBlockSize);
        }
        this.maxBlockSize = maxBlockSize;
    }

    /** How many distinct pairs of these records would be scored. */
    public int candidateCount(List<CustomerRecord> records) {
        return candidates(records.stream().map(NormalizedRecord::of).toList()).length;
    }

    /**
     * The distinct candidate pairs as indexes into {@code records}, each packed as {@code (long) i << 32 | j} with
     * {@code i < j}, in ascending order.
     */
    long[] candidates(List<NormalizedRecord> records) {
        PairBuffer pairs = new PairBuffer();
        for (Key key : KEYS) {
            Map<String, List<Integer>> blocks = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                String value = key.value().apply(records.get(i));
                if (value != null) {
                    blocks.computeIfAbsent(value, v -> new ArrayList<>(2)).add(i);
                }
            }
            for (Map.Entry<String, List<Integer>> block : blocks.entrySet()) {
                List<Integer> members = block.getValue();
                if (members.size() > maxBlockSize) {
                    Log.debugf("Blocking key %s: block of %d records skipped", key.name(), members.size());
                    continue;
                }
                for (int x = 0; x < members.size(); x++) {
                    for (int y = x + 1; y < members.size(); y++) {
                        pairs.add(members.get(x), members.get(y));
                    }
                }
            }
        }
        return pairs.distinct();
    }

    private static String first(String[] codes) {
        return codes.length == 0 ? null : codes[0];
    }

    /** Both initials, in either order. */
    private static String initials(NormalizedRecord r) {
        if (r.givenName() == null || r.surname() == null) {
            return null;
        }
        return unordered(r.givenName().substring(0, 1), r.surname().substring(0, 1));
    }

    /** Two values in alphabetical order, so that swapped fields share the key. */
    private static String unordered(String a, String b) {
        return a == null || b == null ? null : a.compareTo(b) <= 0 ? join(a, b) : join(b, a);
    }

    private static String join(String a, String b) {
        return a == null || b == null ? null : a + '|' + b;
    }

    /** Packed pairs, duplicates allowed until {@link #distinct()}. */
    private static final class PairBuffer {
        private long[] pairs = new long[1024];
        private int size;

        void add(int i, int j) {
            if (size == pairs.length) {
                pairs = Arrays.copyOf(pairs, size * 2);
            }
            pairs[size++] = i < j ? (long) i << 32 | j : (long) j << 32 | i;
        }

        long[] distinct() {
            long[] sorted = Arrays.copyOf(pairs, size);
            Arrays.sort(sorted);
            int n = 0;
            for (int k = 0; k < sorted.length; k++) {
                if (n == 0 || sorted[k] != sorted[n - 1]) {
                    sorted[n++] = sorted[k];
                }
            }
            return Arrays.copyOf(sorted, n);
        }
    }
}
