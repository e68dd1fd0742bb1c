package dev.tailor.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

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
     * Reads the form the apply script writes (see apply-event.lua): the names of the sums ("revenue;") if any,
     * then "d<day>[:count[:sum...]]" and distances to the previous day, then the same for hours, e.g.
     * "revenue;d20612:3:120,2:1:40,h494700:2:35".
     */
    static Series decode(String stored) {
        int header = stored.indexOf(';');
        List<String> sumNames = header < 0 ? List.of() : List.of(stored.substring(0, header).split(","));
        String encoded = header < 0 ? stored : stored.substring(header + 1);
        TreeMap<Long, Bucket> hours = new TreeMap<>();
        TreeMap<Long, Bucket> days = new TreeMap<>();
        TreeMap<Long, Bucket> kind = days;
        long index = 0;
        for (String entry : encoded.split(",")) {
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":");
            char marker = parts[0].charAt(0);
            if (marker == 'h' || marker == 'd') {
                kind = marker == 'h' ? hours : days;
                index = Long.parseLong(parts[0].substring(1));
            } else {
                index += Long.parseLong(parts[0]);
            }
            long count = parts.length > 1 ? Long.parseLong(parts[1]) : 1;
            double[] sums = new double[Math.max(0, parts.length - 2)];
            for (int i = 0; i < sums.length; i++) {
                sums[i] = Double.parseDouble(parts[i + 2]);
            }
            kind.merge(index, new Bucket(count, sums), Bucket::plus);
        }
        return new Series(sumNames, hours, days);
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

    private static double[] add(double[] total, double[] more) {
        double[] result = total.length >= more.length ? total : java.util.Arrays.copyOf(total, more.length);
        for (int i = 0; i < more.length; i++) {
            result[i] += more[i];
        }
        return result;
    }
}
