package dev.tailor.facts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Time-bucketed counts and sums of one event (or one event and property value) for one customer: hourly buckets
 * for the last days, daily ones beyond. Windows of up to {@link #HOURLY} are exact to the hour and longer ones
 * to the day: a window counts every bucket from the one holding its start, so an event exactly a window ago
 * still counts.
 */
public final class Series {

    /** The longest window answered from hourly buckets. */
    public static final Duration HOURLY = Duration.ofDays(7);

    static final long HOUR_MS = Duration.ofHours(1).toMillis();
    static final long DAY_MS = Duration.ofDays(1).toMillis();
    /** 2^53: the whole numbers a double (and a Lua number) holds exactly. */
    private static final double MAX_WHOLE = 9007199254740992.0;

    private static final MathContext SIGNIFICANT = new MathContext(15, RoundingMode.HALF_EVEN);

    /** One bucket: occurrences and the sums of the declared properties, in declaration order. */
    public record Bucket(long count, double[] sums) {

        /** The sums moved to the positions {@code position} gives, in an array of {@code size}. */
        Bucket renamed(int[] position, int size) {
            double[] moved = new double[size];
            for (int i = 0; i < position.length && i < sums.length; i++) {
                moved[position[i]] += sums[i]; // two names may become one (a renamed property)
            }
            return new Bucket(count, moved);
        }

        Bucket plus(Bucket other) {
            double[] total = new double[Math.max(sums.length, other.sums.length)];
            for (int i = 0; i < total.length; i++) {
                total[i] = (i < sums.length ? sums[i] : 0) + (i < other.sums.length ? other.sums[i] : 0);
            }
            return new Bucket(count + other.count, total);
        }
    }

    /**
     * What a window holds: occurrences, sums, and when it first changes by time alone (the earliest moment a
     * bucket it counts leaves it), or {@link Long#MAX_VALUE} when nothing in it can age out.
     */
    public record Totals(long count, double[] sums, long changesAtMs) {

        static final Totals NONE = new Totals(0, new double[0], Long.MAX_VALUE);

        public double sum(int index) {
            return index < sums.length ? sums[index] : 0;
        }
    }

    private final List<String> sumNames;
    private final NavigableMap<Long, Bucket> hours;
    private final NavigableMap<Long, Bucket> days;
    /**
     * The same buckets in sorted arrays, for {@link #within}: every fact a rule reads comes here, and a binary
     * search over primitive keys allocates nothing, where the maps' views and boxed keys did on every read.
     */
    private final long[] hourKeys;

    private final Bucket[] hourBuckets;
    private final long[] dayKeys;
    private final Bucket[] dayBuckets;

    public Series(List<String> sumNames, NavigableMap<Long, Bucket> hours, NavigableMap<Long, Bucket> days) {
        this.sumNames = sumNames;
        this.hours = hours;
        this.days = days;
        this.hourKeys = keys(hours);
        this.hourBuckets = hours.values().toArray(Bucket[]::new);
        this.dayKeys = keys(days);
        this.dayBuckets = days.values().toArray(Bucket[]::new);
    }

    private static long[] keys(NavigableMap<Long, Bucket> buckets) {
        long[] keys = new long[buckets.size()];
        int i = 0;
        for (long key : buckets.keySet()) {
            keys[i++] = key;
        }
        return keys;
    }

    /** The index of the first key at or after {@code from} in sorted {@code keys} (their length when none). */
    private static int firstFrom(long[] keys, long from) {
        int found = java.util.Arrays.binarySearch(keys, from);
        return found >= 0 ? found : -found - 1;
    }

    /** Where the sum of {@code property} sits in {@link Totals#sums()}, or -1 when this series does not sum it. */
    public int sumIndex(String property) {
        return sumNames.indexOf(property);
    }

    /**
     * Reads the form the apply script writes (see apply-event.lua): the codes of the summed properties ("Xy;") if
     * any, then "D<day>[:count][/sum...]" and distances to the previous day, then the same for hours after "H";
     * a count of 1 and trailing zero sums left out, "," after a bucket's sums when another follows. Numbers but the
     * sums are self-delimiting ({@link #compact}), so buckets need no separator: "Xy;BBWq:3/120,2/40,HBCZG4:2/35"
     * is 3 events on day 20582, 1 on day 20584 and 2 in hour 494500.
     */
    static Series decode(String stored) {
        return decode(stored, 0);
    }

    /** Reads the series stored from {@code from} to the end (after an event's stats, see {@link OwnSeries}). */
    static Series decode(String stored, int from) {
        int header = stored.indexOf(';', from);
        return header < 0
                ? decode(List.of(), stored, from, stored.length())
                : decode(sumCodes(stored, from, header), stored, header + 1, stored.length());
    }

    /** The sum codes of a header "Xy,Zw" between {@code from} and {@code to}. */
    static List<String> sumCodes(String stored, int from, int to) {
        return from == to ? List.of() : List.of(stored.substring(from, to).split(","));
    }

    /** The digits before the last of a number in a series: base 23, capitals but the markers D, H and V. */
    private static final String LEADING = "ABCEFGIJKLMNOPQRSTUWXYZ";

    private static final int[] LEADING_VALUE = new int[128];

    static {
        java.util.Arrays.fill(LEADING_VALUE, -1);
        for (int i = 0; i < LEADING.length(); i++) {
            LEADING_VALUE[LEADING.charAt(i)] = i;
        }
    }

    /**
     * A whole number of at least 0 as series write it, self-delimiting: its last digit base 36 (0-9a-z), the ones
     * before it base 23 in capitals ({@link #LEADING}); as long as base 36 for numbers below 828, one more
     * character for an epoch day or hour.
     */
    static void compact(StringBuilder out, long x) {
        int at = out.length();
        out.append(Character.forDigit((int) (x % 36), 36));
        for (long rest = x / 36; rest > 0; rest /= 23) {
            out.insert(at, LEADING.charAt((int) (rest % 23)));
        }
    }

    /**
     * Reads the buckets stored from {@code from} to {@code end} (no header; a grouped field keeps several series
     * under one), their sums named by {@code sumNames}.
     */
    static Series decode(List<String> sumNames, String stored, int from, int end) {
        TreeMap<Long, Bucket> hours = new TreeMap<>();
        TreeMap<Long, Bucket> days = new TreeMap<>();
        TreeMap<Long, Bucket> kind = days;
        long index = 0;
        // Read in place, in one pass: decoding a customer's series is most of a render's own work.
        int at = from;
        while (at < end) {
            char marker = stored.charAt(at);
            boolean absolute = marker == 'H' || marker == 'D';
            if (absolute) {
                kind = marker == 'H' ? hours : days;
                at++;
            }
            long position = 0;
            for (char c = stored.charAt(at); c < 128 && LEADING_VALUE[c] >= 0; c = stored.charAt(++at)) {
                position = position * 23 + LEADING_VALUE[c];
            }
            position = position * 36 + Character.digit(stored.charAt(at++), 36);
            index = absolute ? position : index + position;
            long count = 1;
            if (at < end && stored.charAt(at) == ':') {
                count = 0;
                for (char c = stored.charAt(++at); c < 128 && LEADING_VALUE[c] >= 0; c = stored.charAt(++at)) {
                    count = count * 23 + LEADING_VALUE[c];
                }
                count = count * 36 + Character.digit(stored.charAt(at++), 36);
            }
            double[] sums = NO_SUMS;
            while (at < end && stored.charAt(at) == '/') {
                int sumEnd = at + 1;
                while (sumEnd < end && stored.charAt(sumEnd) != '/' && stored.charAt(sumEnd) != ',') {
                    sumEnd++;
                }
                sums = java.util.Arrays.copyOf(sums, sums.length + 1);
                sums[sums.length - 1] = Double.parseDouble(stored.substring(at + 1, sumEnd));
                at = sumEnd;
            }
            if (at < end && stored.charAt(at) == ',') {
                at++;
            }
            kind.merge(index, new Bucket(count, sums), Bucket::plus);
        }
        return new Series(sumNames, hours, days);
    }

    private static final double[] NO_SUMS = new double[0];

    /**
     * This series with its sums named anew (a renamed property); sums that end up with one name add up, so that
     * a column kept under an old name and one under the new name count together.
     */
    Series renamingSums(UnaryOperator<String> rename) {
        if (sumNames.isEmpty()) {
            return this; // most series count and sum nothing: every read of a customer asks this of each
        }
        List<String> renamed = new ArrayList<>(sumNames.size());
        for (String name : sumNames) {
            renamed.add(rename.apply(name));
        }
        if (renamed.equals(sumNames)) {
            return this;
        }
        List<String> names = renamed.stream().distinct().toList();
        if (names.size() == renamed.size()) {
            return new Series(renamed, hours, days); // every sum keeps its place: the buckets stay as they are
        }
        int[] position = renamed.stream().mapToInt(names::indexOf).toArray();
        TreeMap<Long, Bucket> renamedHours = new TreeMap<>();
        TreeMap<Long, Bucket> renamedDays = new TreeMap<>();
        hours.forEach((hour, bucket) -> renamedHours.put(hour, bucket.renamed(position, names.size())));
        days.forEach((day, bucket) -> renamedDays.put(day, bucket.renamed(position, names.size())));
        return new Series(names, renamedHours, renamedDays);
    }

    public Totals within(Instant now, Duration window) {
        long windowMs = window.toMillis();
        long startMs = now.toEpochMilli() - windowMs;
        long count = 0;
        double[] sums = NO_SUMS; // add() copies before writing, so the shared empty array is never written
        long changesAt = Long.MAX_VALUE;
        if (window.compareTo(HOURLY) <= 0) {
            for (int i = firstFrom(hourKeys, Math.floorDiv(startMs, HOUR_MS)); i < hourKeys.length; i++) {
                count += hourBuckets[i].count();
                sums = add(sums, hourBuckets[i].sums());
                changesAt = Math.min(changesAt, (hourKeys[i] + 1) * HOUR_MS + windowMs);
            }
        } else {
            long fromDay = Math.floorDiv(startMs, DAY_MS);
            for (int i = firstFrom(dayKeys, fromDay); i < dayKeys.length; i++) {
                count += dayBuckets[i].count();
                sums = add(sums, dayBuckets[i].sums());
                changesAt = Math.min(changesAt, (dayKeys[i] + 1) * DAY_MS + windowMs);
            }
            // Hours not yet rolled into days count by their day: the first hour of fromDay on.
            for (int i = firstFrom(hourKeys, fromDay * 24); i < hourKeys.length; i++) {
                count += hourBuckets[i].count();
                sums = add(sums, hourBuckets[i].sums());
                changesAt = Math.min(changesAt, (Math.floorDiv(hourKeys[i], 24) + 1) * DAY_MS + windowMs);
            }
        }
        return new Totals(count, sums, changesAt);
    }

    /**
     * This series and {@code other} as one, bucket by bucket, sums matched by name (an identity merge adds two
     * customers' histories). A bucket that is an hour here and a day there stays as each was; the apply script
     * rolls old hours into days on the next event.
     */
    public Series plus(Series other) {
        List<String> names = new ArrayList<>(sumNames);
        other.sumNames.stream().filter(name -> !names.contains(name)).forEach(names::add);
        TreeMap<Long, Bucket> allHours = new TreeMap<>();
        TreeMap<Long, Bucket> allDays = new TreeMap<>();
        for (Series series : List.of(this, other)) {
            int[] position = series.sumNames.stream().mapToInt(names::indexOf).toArray();
            series.hours.forEach(
                    (hour, bucket) -> allHours.merge(hour, bucket.renamed(position, names.size()), Bucket::plus));
            series.days.forEach(
                    (day, bucket) -> allDays.merge(day, bucket.renamed(position, names.size()), Bucket::plus));
        }
        return new Series(List.copyOf(names), allHours, allDays);
    }

    /** The stored form, as apply-event.lua writes it and {@link #decode} reads it. */
    public String encode() {
        StringBuilder out = new StringBuilder();
        int named = namedSums();
        // Only the sums some bucket has are named, as the apply script writes them.
        if (named > 0) {
            out.append(String.join(",", sumNames.subList(0, named))).append(';');
        }
        encodeBuckets(out);
        return out.toString();
    }

    /** How many sums the stored form names: up to the last one some bucket has. */
    int namedSums() {
        int named = 0;
        for (NavigableMap<Long, Bucket> kind : List.of(days, hours)) {
            for (Bucket bucket : kind.values()) {
                named = Math.max(named, keptSums(bucket));
            }
        }
        return named;
    }

    boolean isEmpty() {
        return days.isEmpty() && hours.isEmpty();
    }

    List<String> sumNames() {
        return sumNames;
    }

    /** This series with its sums in the order of {@code names}, which holds every name of this series' sums. */
    Series withSums(List<String> names) {
        if (names.equals(sumNames)) {
            return this;
        }
        int[] position = sumNames.stream().mapToInt(names::indexOf).toArray();
        TreeMap<Long, Bucket> movedHours = new TreeMap<>();
        TreeMap<Long, Bucket> movedDays = new TreeMap<>();
        hours.forEach((hour, bucket) -> movedHours.put(hour, bucket.renamed(position, names.size())));
        days.forEach((day, bucket) -> movedDays.put(day, bucket.renamed(position, names.size())));
        return new Series(List.copyOf(names), movedHours, movedDays);
    }

    /** The buckets' stored form, without the header naming the sums. */
    void encodeBuckets(StringBuilder out) {
        int left = days.size() + hours.size();
        for (Map.Entry<Character, NavigableMap<Long, Bucket>> kind :
                List.of(Map.entry('D', days), Map.entry('H', hours))) {
            Long previous = null;
            for (Map.Entry<Long, Bucket> bucket : kind.getValue().entrySet()) {
                if (previous == null) {
                    out.append(kind.getKey());
                    compact(out, bucket.getKey());
                } else {
                    compact(out, bucket.getKey() - previous);
                }
                previous = bucket.getKey();
                Bucket value = bucket.getValue();
                if (value.count() != 1) {
                    out.append(':');
                    compact(out, value.count());
                }
                int kept = keptSums(value);
                for (int i = 0; i < kept; i++) {
                    out.append('/').append(number(value.sums()[i]));
                }
                if (kept > 0 && --left > 0) {
                    out.append(',');
                } else if (kept == 0) {
                    left--;
                }
            }
        }
    }

    /** How many of a bucket's sums are written: up to the last that is not 0. */
    private int keptSums(Bucket bucket) {
        int kept = Math.min(sumNames.size(), bucket.sums().length);
        while (kept > 0 && bucket.sums()[kept - 1] == 0) {
            kept--;
        }
        return kept;
    }

    /**
     * As the apply script writes numbers, character for character (SeriesCodecParityTest): whole ones below 2^53 in
     * full, others as C's {@code %.15g}, which the script's {@code string.format} is: 15 significant digits, rounded
     * half to even from the double's exact value, trailing zeros dropped, and exponent notation outside 1e-4..1e15;
     * a number those digits make whole is written whole, so that a sum read and written again keeps its text.
     */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < MAX_WHOLE) {
            return Long.toString((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT);
        if (rounded.stripTrailingZeros().scale() <= 0 && Math.abs(rounded.doubleValue()) < MAX_WHOLE) {
            return rounded.toBigInteger().toString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < SIGNIFICANT.getPrecision()) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
        return mantissa + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private static double[] add(double[] total, double[] more) {
        double[] result = total.length >= more.length ? total : java.util.Arrays.copyOf(total, more.length);
        for (int i = 0; i < more.length; i++) {
            result[i] += more[i];
        }
        return result;
    }
}
