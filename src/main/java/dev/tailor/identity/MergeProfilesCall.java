package dev.tailor.identity;

import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.ProfileMerge;
import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One call of merge-profiles.lua (see its header), checked as the script checks it; every key is in the survivor's
 * slot.
 *
 * @param survivorFactsKey KEYS[1]
 * @param survivorAppliedKey KEYS[2]
 * @param survivorIdentifiersKey KEYS[3]
 * @param survivorLinkKey KEYS[4], the survivor id's own link (present when it was merged into another meanwhile)
 * @param mergedKey KEYS[5], the customers merged into the survivor whose merge is not committed
 * @param journalKey KEYS[6], the identity journal of the survivor's slot
 * @param survivorVersion ARGV[1], the survivor's version as read: a whole number from 0 to 2^53
 * @param mergedVersion ARGV[2], the merged profile's version, likewise
 * @param mergedId ARGV[3], not empty
 * @param journalEntry ARGV[4]
 * @param appliedTtlMs ARGV[5], how long the merged applied messageIds had to live, 0 for no expiry
 * @param applied from ARGV[6], the merged applied messageIds (digest to score)
 * @param identifiers then the merged customer's identifiers, its own included
 * @param fields then the combined fields as name/value pairs: none is {@code v} or starts with {@code d}, which the
 *     script keeps
 */
record MergeProfilesCall(
        String survivorFactsKey,
        String survivorAppliedKey,
        String survivorIdentifiersKey,
        String survivorLinkKey,
        String mergedKey,
        String journalKey,
        String survivorVersion,
        String mergedVersion,
        String mergedId,
        String journalEntry,
        long appliedTtlMs,
        Map<String, Double> applied,
        List<String> identifiers,
        Map<String, String> fields)
        implements ScriptCall {

    static final String SCRIPT = "merge-profiles.lua";

    private static final Pattern VERSION = Pattern.compile("\\d{1,16}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{12}");

    MergeProfilesCall {
        version("survivor version", survivorVersion);
        version("merged version", mergedVersion);
        ScriptArgumentException.nonEmpty(SCRIPT, "merged id", mergedId);
        if (appliedTtlMs < 0 || appliedTtlMs > 1L << 53) {
            throw refused("expiry must be whole milliseconds from 0 to 2^53, was " + appliedTtlMs);
        }
        applied = Collections.unmodifiableMap(new LinkedHashMap<>(applied));
        applied.keySet().forEach(digest -> {
            if (!DIGEST.matcher(digest).matches()) {
                throw refused("messageId digest must be 12 hex digits, was " + digest);
            }
        });
        applied.values().forEach(score -> {
            if (!Double.isFinite(score) || Math.abs(score) > 0x1p53) {
                throw refused("score must be a finite number, was " + score);
            }
        });
        identifiers = List.copyOf(identifiers);
        for (String identifier : identifiers) {
            if (!ListIdentifierCall.IDENTIFIER.matcher(identifier).matches()) {
                throw refused("identifier must be \"a:\", \"u:\" or \"e:\" and a value, was " + identifier);
            }
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        for (String field : fields.keySet()) {
            if (field.equals("v") || field.startsWith("d")) {
                throw refused("field " + field + " must not be 'v' or start with 'd'");
            }
        }
    }

    /** Adds {@code merged}'s profile, read after it was frozen, to {@code survivor}'s (all in the survivor's slot). */
    static MergeProfilesCall of(
            String survivor,
            String merged,
            Map<String, String> survivorFields,
            Map<String, String> mergedFields,
            String journalEntry,
            long appliedTtlMs,
            Map<String, Double> applied,
            List<String> identifiers) {
        String survivorsMerged = Identities.mergedKey(survivor);
        return new MergeProfilesCall(
                FactsStore.factsKey(survivor),
                FactsStore.appliedKey(survivor),
                Identities.identifiersKey(survivor),
                IdentifierKeys.linkKey(survivor),
                survivorsMerged,
                Identities.journalKey(survivorsMerged),
                survivorFields.getOrDefault("v", "0"),
                mergedFields.getOrDefault("v", "0"),
                merged,
                journalEntry,
                appliedTtlMs,
                applied,
                identifiers,
                ProfileMerge.of(survivorFields, mergedFields));
    }

    private static void version(String name, String version) {
        if (version == null || !VERSION.matcher(version).matches() || Long.parseLong(version) > 1L << 53) {
            throw refused(name + " must be a whole number from 0 to 2^53, was " + version);
        }
    }

    private static ScriptArgumentException refused(String what) {
        return new ScriptArgumentException(SCRIPT + ": " + what);
    }

    @Override
    public List<String> keys() {
        return List.of(
                survivorFactsKey, survivorAppliedKey, survivorIdentifiersKey, survivorLinkKey, mergedKey, journalKey);
    }

    @Override
    public List<String> args() {
        List<String> args = new ArrayList<>(List.of(
                survivorVersion,
                mergedVersion,
                mergedId,
                journalEntry,
                Long.toString(appliedTtlMs),
                Integer.toString(applied.size())));
        applied.forEach((digest, score) -> {
            args.add(digest);
            args.add(score == Math.rint(score) ? Long.toString(score.longValue()) : Double.toString(score));
        });
        args.add(Integer.toString(identifiers.size()));
        args.addAll(identifiers);
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return args;
    }
}
