package dev.tailor.facts;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One call of apply-event.lua, a field per slot of the script's header (which says what each means), checked here as
 * the script checks them again: an event the script would refuse fails with a {@link ScriptArgumentException}
 * before Redis is asked.
 *
 * @param factsKey KEYS[1], the facts hash
 * @param dedupKey KEYS[2], where applied messageIds are remembered
 * @param linkKey KEYS[3], the customer id's identity link
 * @param erasedKey KEYS[4], the erased identifiers of the customer's slot
 * @param messageDigest ARGV[1], 12 hex digits
 * @param nowSeconds ARGV[2], from 0 to the end of year 9999
 * @param dedupWindowSeconds ARGV[3], from 1 s to 366 days
 * @param eventTimeMs ARGV[4], from 0 to the end of year 9999
 * @param statsField ARGV[5], '' or a stats field ({@code e…})
 * @param customerDigest ARGV[7], the customer id as kept among the erased identifiers
 * @param receivedMs ARGV[8], from 0 to the end of year 9999
 * @param series ARGV[6] and from ARGV[9]: the series the event updates, if it keeps time buckets
 * @param traits the trait name / JSON value pairs that follow
 */
record ApplyEventCall(
        String factsKey,
        String dedupKey,
        String linkKey,
        String erasedKey,
        String messageDigest,
        long nowSeconds,
        long dedupWindowSeconds,
        long eventTimeMs,
        String statsField,
        String customerDigest,
        long receivedMs,
        Optional<SeriesUpdate> series,
        List<Trait> traits)
        implements ScriptCall {

    static final String SCRIPT = "apply-event.lua";
    /** The longest dedup window the script accepts (366 days). */
    static final long MAX_DEDUP_WINDOW_S = 31_622_400L;
    /**
     * The largest magnitude of a number added to a sum: a larger one, or one that is not finite, adds nothing (as a
     * value that is not a number adds nothing), so that a bucket's sum stays finite and its decimal form readable.
     */
    static final double MAX_SUM = 1e15;

    private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{12}");
    private static final Pattern CAPITALS = Pattern.compile(".*[A-Z].*", Pattern.DOTALL);

    ApplyEventCall {
        if (messageDigest == null || !DIGEST.matcher(messageDigest).matches()) {
            throw refused("messageId digest must be 12 hex digits");
        }
        ScriptArgumentException.whole(SCRIPT, "now", nowSeconds, 0, ScriptArgumentException.MAX_EPOCH_MS / 1000);
        ScriptArgumentException.whole(SCRIPT, "tailor.facts.dedup-window", dedupWindowSeconds, 1, MAX_DEDUP_WINDOW_S);
        ScriptArgumentException.epochMillis(SCRIPT, "event time", eventTimeMs);
        if (statsField == null || !statsField.isEmpty() && !named(statsField, FieldNames.STATS)) {
            throw refused("stats field must be '' or start with 'e'");
        }
        ScriptArgumentException.epochMillis(SCRIPT, "received", receivedMs);
        if (series == null || traits == null) {
            throw refused("series and traits must be given (empty when there are none)");
        }
        traits = List.copyOf(traits);
    }

    /**
     * The same event applied to other keys, those of the customer the event's id was merged into (the script answered
     * "moved"): {@code customerDigest} is that customer's, as kept among the erased identifiers of its slot.
     */
    ApplyEventCall withKeys(String factsKey, String dedupKey, String linkKey, String erasedKey, String customerDigest) {
        return new ApplyEventCall(
                factsKey,
                dedupKey,
                linkKey,
                erasedKey,
                messageDigest,
                nowSeconds,
                dedupWindowSeconds,
                eventTimeMs,
                statsField,
                customerDigest,
                receivedMs,
                series,
                traits);
    }

    @Override
    public List<String> keys() {
        return List.of(factsKey, dedupKey, linkKey, erasedKey);
    }

    @Override
    public List<String> args() {
        List<String> args = new ArrayList<>(List.of(
                messageDigest,
                Long.toString(nowSeconds),
                Long.toString(dedupWindowSeconds),
                Long.toString(eventTimeMs),
                statsField,
                Integer.toString(series.map(SeriesUpdate::fields).orElse(0)),
                customerDigest,
                Long.toString(receivedMs)));
        series.ifPresent(update -> update.addTo(args));
        for (Trait trait : traits) {
            args.add(trait.name());
            args.add(trait.json());
        }
        return args;
    }

    /**
     * The series an event with time buckets updates, alike in what they keep and add: buckets from the first kept
     * hour and day on (older hours roll up into their day, older days go), the sums, its own series field, and per
     * declared grouping property the event has a value of, that property's field and the value.
     */
    record SeriesUpdate(long firstHour, long firstDay, List<Sum> sums, String ownField, List<GroupValue> groups) {

        SeriesUpdate {
            sums = List.copyOf(sums);
            groups = List.copyOf(groups);
            Set<String> codes = new HashSet<>();
            for (Sum sum : sums) {
                if (!codes.add(sum.code())) {
                    throw refused("sum code " + sum.code() + " must be named once");
                }
            }
            if (ownField == null || !named(ownField, FieldNames.SERIES)) {
                throw refused("series field must start with 's'");
            }
            Set<String> fields = new HashSet<>(Set.of(ownField));
            for (GroupValue group : groups) {
                if (!fields.add(group.field())) {
                    throw refused("series field " + group.field() + " must be named once");
                }
            }
        }

        /** How many series fields the call names (N, ARGV[6]): the event's own and one per grouping value. */
        int fields() {
            return 1 + groups.size();
        }

        private void addTo(List<String> args) {
            args.add(Long.toString(firstHour));
            args.add(Long.toString(firstDay));
            args.add(Integer.toString(sums.size()));
            sums.forEach(sum -> args.add(sum.code()));
            // 0 as "0" rather than "0.0": most sums of most events are absent.
            sums.forEach(sum -> args.add(sum.value() == 0 ? "0" : Double.toString(sum.value())));
            args.add(ownField);
            for (GroupValue group : groups) {
                args.add(group.field());
                args.add(group.value());
            }
        }
    }

    /** A summed property's code and what this event adds to it: finite, within {@link #MAX_SUM}. */
    record Sum(String code, double value) {

        Sum {
            if (code == null || code.isEmpty() || code.contains(",") || code.contains(";")) {
                throw refused("sum code must be non-empty, without , or ;");
            }
            if (!Double.isFinite(value) || Math.abs(value) > MAX_SUM) {
                throw refused("sum of " + code + " must be a finite number within +-" + MAX_SUM + ", was " + value);
            }
        }
    }

    /**
     * A grouping property's series field and the event's (normalised) value of it: non-empty, without capitals, which
     * mark where a value's buckets start in the field.
     */
    record GroupValue(String field, String value) {

        GroupValue {
            if (field == null || !named(field, FieldNames.SERIES)) {
                throw refused("series field must start with 's'");
            }
            if (value == null || value.isEmpty() || CAPITALS.matcher(value).matches()) {
                throw refused("grouping value of " + field + " must be non-empty, without capitals");
            }
        }
    }

    /** A trait as kept: its name and its value as JSON. */
    record Trait(String name, String json) {

        Trait {
            if (name == null || json == null) {
                throw refused("a trait must have a name and a value");
            }
        }
    }

    private static boolean named(String name, char kind) {
        return name.length() >= 2 && name.charAt(0) == kind;
    }

    private static ScriptArgumentException refused(String what) {
        return new ScriptArgumentException(SCRIPT + ": " + what);
    }
}
