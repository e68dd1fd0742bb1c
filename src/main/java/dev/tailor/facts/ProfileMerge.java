package dev.tailor.facts;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two customers' facts hashes made one, when identity resolution finds they are one person: event counts added,
 * first and last occurrences combined, time buckets added, and the traits of the profile whose traits were updated
 * last ({@code tu}) winning, the other's filling the gaps. The version {@code v} is left to the merge script,
 * which must move it past both, and so are the survivor's decisions ({@code d…} fields), which it keeps as they are
 * when it runs (the applied messageIds are kept beside the hash, and the script joins both profiles' sets).
 */
public final class ProfileMerge {

    private ProfileMerge() {}

    public static Map<String, String> of(Map<String, String> survivor, Map<String, String> merged) {
        boolean mergedTraitsNewer = traitsUpdated(merged) > traitsUpdated(survivor);
        Map<String, String> result = new HashMap<>(survivor);
        result.keySet().removeIf(ProfileMerge::keptByScript);
        merged.forEach((field, value) -> {
            String kept = survivor.get(field);
            if (keptByScript(field)) {
                return;
            }
            if (kept == null) {
                result.put(field, value);
            } else if (field.equals("tu")) {
                result.put(field, Long.toString(Math.max(Long.parseLong(kept, 36), Long.parseLong(value, 36)), 36));
            } else if (field.startsWith("t:")) {
                result.put(field, mergedTraitsNewer ? value : kept);
            } else if (FieldNames.isEventField(field) && field.charAt(0) == FieldNames.STATS) {
                result.put(
                        field,
                        EventStats.decode(kept).plus(EventStats.decode(value)).encode());
            } else if (FieldNames.isGroupedSeries(field)) {
                result.put(field, GroupedSeries.encode(plus(GroupedSeries.decode(kept), GroupedSeries.decode(value))));
            } else if (FieldNames.isOwnSeries(field)) {
                result.put(field, OwnSeries.plus(kept, value));
            }
        });
        return result;
    }

    /** Both customers' series per value: the survivor's values first, a value both have added up. */
    private static Map<String, Series> plus(Map<String, Series> survivor, Map<String, Series> merged) {
        Map<String, Series> all = new LinkedHashMap<>(survivor);
        merged.forEach((value, series) -> all.merge(value, series, Series::plus));
        return all;
    }

    private static boolean keptByScript(String field) {
        return field.equals("v") || field.startsWith("d");
    }

    private static long traitsUpdated(Map<String, String> fields) {
        return Long.parseLong(fields.getOrDefault("tu", "0"), 36);
    }
}
