package dev.tailor.facts;

import java.math.BigDecimal;
import java.math.MathContext;
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

    public Series(List<String> sumNames, NavigableMap<Long, Bucket> hours, NavigableMap<Long, Bucket> days) {
        this.sumNames = sumNames;
        this.hours = hours;
        this.days = days;
    }

    /** Where the sum of {@code property} sits in {@link Totals#sums()}, or -1 when this series does not sum it. */
    public int sumIndex(String property) {
        return sumNames.indexOf(property);
    }

    /**
     * Reads the form the apply script writes (see apply-event.lua): the codes of the summed properties ("Xy;") if
     * any, then "D<day>[:count][/sum...]" and distances to the previous day, then the same for hours after "H";
     * numbers but the sums in base 36, a count of 1 and trailing zero sums left out, e.g.
     * "Xy;Dfvq:3/120,2/40,Halk4:2/35".
     */
    static Series decode(String stored) {
        int header = stored.indexOf(';');
        return decode(header < 0 ? List.of() : sumCodes(stored, 0, header), stored, header + 1, stored.length());
    }

    /** The sum codes of a header "Xy,Zw" between {@code from} and {@code to}. */
    static List<String> sumCodes(String stored, int from, int to) {
        return from == to ? List.of() : List.of(stored.substring(from, to).split(","));
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
        // Read in place, without splitting: decoding a customer's series is most of a render's own work.
        for (int at = from; at < end; ) {
            int stop = stored.indexOf(',', at);
            stop = stop < 0 || stop > end ? end : stop;
            if (stop > at) {
                char marker = stored.charAt(at);
                boolean absolute = marker == 'H' || marker == 'D';
                if (absolute) {
                    kind = marker == 'H' ? hours : days;
                }
                int numberFrom = absolute ? at + 1 : at;
                int to = numberFrom;
                while (to < stop && stored.charAt(to) != ':' && stored.charAt(to) != '/') {
                    to++;
                }
                long position = Long.parseLong(stored, numberFrom, to, 36);
                index = absolute ? position : index + position;
                long count = 1;
                if (to < stop && stored.charAt(to) == ':') {
                    int countFrom = to + 1;
                    to = countFrom;
                    while (to < stop && stored.charAt(to) != '/') {
                        to++;
                    }
                    count = Long.parseLong(stored, countFrom, to, 36);
                }
                kind.merge(index, new Bucket(count, sums(stored, to, stop)), Bucket::plus);
            }
            at = stop + 1;
        }
        return new Series(sumNames, hours, days);
    }

    /** The sums "/a/b" of one bucket, read from {@code from} (a '/' or the bucket's end) to {@code stop}. */
    private static double[] sums(String stored, int from, int stop) {
        int count = 0;
        for (int i = from; i < stop; i++) {
            if (stored.charAt(i) == '/') {
                count++;
            }
        }
        double[] sums = new double[count];
        for (int i = 0, at = from + 1; i < count; i++) {
            int next = stored.indexOf('/', at);
            next = next < 0 || next > stop ? stop : next;
            sums[i] = Double.parseDouble(stored.substring(at, next));
            at = next + 1;
        }
        return sums;
    }

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
        long startMs = now.toEpochMilli() - window.toMillis();
        long count = 0;
        double[] sums = new double[0];
        long changesAt = Long.MAX_VALUE;
        if (window.compareTo(HOURLY) <= 0) {
            for (Map.Entry<Long, Bucket> hour : hours.tailMap(Math.floorDiv(startMs, HOUR_MS), true).entrySet()) {
                count += hour.getValue().count();
                sums = add(sums, hour.getValue().sums());
                changesAt = Math.min(changesAt, (hour.getKey() + 1) * HOUR_MS + window.toMillis());
            }
        } else {
            long fromDay = Math.floorDiv(startMs, DAY_MS);
            for (Map.Entry<Long, Bucket> day : days.tailMap(fromDay, true).entrySet()) {
                count += day.getValue().count();
                sums = add(sums, day.getValue().sums());
                changesAt = Math.min(changesAt, (day.getKey() + 1) * DAY_MS + window.toMillis());
            }
            for (Map.Entry<Long, Bucket> hour : hours.entrySet()) {
                long day = Math.floorDiv(hour.getKey(), 24);
                if (day >= fromDay) {
                    count += hour.getValue().count();
                    sums = add(sums, hour.getValue().sums());
                    changesAt = Math.min(changesAt, (day + 1) * DAY_MS + window.toMillis());
                }
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
            series.hours.forEach((hour, bucket) -> allHours.merge(hour, bucket.renamed(position, names.size()),
                    Bucket::plus));
            series.days.forEach((day, bucket) -> allDays.merge(day, bucket.renamed(position, names.size()),
                    Bucket::plus));
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
        boolean first = true;
        for (Map.Entry<Character, NavigableMap<Long, Bucket>> kind : List.of(Map.entry('D', days), Map.entry('H', hours))) {
            Long previous = null;
            for (Map.Entry<Long, Bucket> bucket : kind.getValue().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                if (previous == null) {
                    out.append(kind.getKey()).append(Long.toString(bucket.getKey(), 36));
                } else {
                    out.append(Long.toString(bucket.getKey() - previous, 36));
                }
                previous = bucket.getKey();
                Bucket value = bucket.getValue();
                if (value.count() != 1) {
                    out.append(':').append(Long.toString(value.count(), 36));
                }
                for (int i = 0; i < keptSums(value); i++) {
                    out.append('/').append(number(value.sums()[i]));
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

    /** As the apply script writes numbers: whole ones without a fraction, others to 15 significant digits. */
    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value).round(new MathContext(15)).stripTrailingZeros().toPlainString();
    }

    private static double[] add(double[] total, double[] more) {
        double[] result = total.length >= more.length ? total : java.util.Arrays.copyOf(total, more.length);
        for (int i = 0; i < more.length; i++) {
            result[i] += more[i];
        }
        return result;
    }
}
