package dev.tailor.facts;

import java.util.HashMap;
import java.util.Map;

/**
 * Two customers' facts hashes made one, when identity resolution finds they are one person: event counts added,
 * first and last occurrences combined, time buckets added, and the traits of the profile whose traits were updated
 * last ({@code tu}) winning, the other's filling the gaps. The version {@code v} is left to the merge script,
 * which must move it past both.
 */
public final class ProfileMerge {

    private ProfileMerge() {}

    public static Map<String, String> of(Map<String, String> survivor, Map<String, String> merged) {
        boolean mergedTraitsNewer = traitsUpdated(merged) > traitsUpdated(survivor);
        Map<String, String> result = new HashMap<>(survivor);
        result.remove("v");
        merged.forEach((field, value) -> {
            String kept = survivor.get(field);
            if (field.equals("v")) {
                return;
            }
            if (kept == null) {
                result.put(field, value);
            } else if (field.equals("tu")) {
                result.put(field, Long.toString(Math.max(Long.parseLong(kept), Long.parseLong(value))));
            } else if (field.startsWith("t:")) {
                result.put(field, mergedTraitsNewer ? value : kept);
            } else if (field.startsWith("e:")) {
                result.put(field, stats(kept, value));
            } else if (field.startsWith("w:")) {
                result.put(field, Series.decode(kept).plus(Series.decode(value)).encode());
            }
        });
        return result;
    }

    private static long traitsUpdated(Map<String, String> fields) {
        return Long.parseLong(fields.getOrDefault("tu", "0"));
    }

    /** "count:first:last" of both: counts added, the earlier first, the later last. */
    private static String stats(String one, String other) {
        String[] a = one.split(":");
        String[] b = other.split(":");
        return (Long.parseLong(a[0]) + Long.parseLong(b[0])) + ":"
                + Math.min(Long.parseLong(a[1]), Long.parseLong(b[1])) + ":"
                + Math.max(Long.parseLong(a[2]), Long.parseLong(b[2]));
    }
}
