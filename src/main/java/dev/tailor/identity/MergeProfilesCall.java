package dev.tailor.identity;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One call of merge-profiles.lua (see its header), checked as the script checks it.
 *
 * @param survivorFactsKey KEYS[1]
 * @param mergedFactsKey KEYS[2]
 * @param survivorIdentifiersKey KEYS[3]
 * @param mergedIdentifiersKey KEYS[4]
 * @param journalKey KEYS[5]
 * @param survivorAppliedKey KEYS[6]
 * @param mergedAppliedKey KEYS[7]
 * @param survivorLinkKey KEYS[8], the survivor id's own link (present when it was merged into another meanwhile)
 * @param survivorVersion ARGV[1], the survivor's version as read: a whole number from 0 to 2^53
 * @param mergedVersion ARGV[2], the merged profile's version as read, likewise
 * @param survivorId ARGV[3], not empty
 * @param mergedIdentifier ARGV[4], the merged profile's own identifier: "a:" or "u:" and its id
 * @param journalEntry ARGV[5]
 * @param linkKeyPrefix ARGV[6], what an identifier's link key starts with (each identifier of the merged profile,
 *     read by the script, then links to the survivor)
 * @param fields from ARGV[7], the combined fields as name/value pairs: none is {@code v} or starts with {@code d},
 *     which the script keeps
 */
record MergeProfilesCall(
        String survivorFactsKey,
        String mergedFactsKey,
        String survivorIdentifiersKey,
        String mergedIdentifiersKey,
        String journalKey,
        String survivorAppliedKey,
        String mergedAppliedKey,
        String survivorLinkKey,
        String survivorVersion,
        String mergedVersion,
        String survivorId,
        String mergedIdentifier,
        String journalEntry,
        String linkKeyPrefix,
        Map<String, String> fields)
        implements ScriptCall {

    static final String SCRIPT = "merge-profiles.lua";

    private static final Pattern VERSION = Pattern.compile("\\d{1,16}");
    private static final Pattern OWN_IDENTIFIER = Pattern.compile("[au]:.+", Pattern.DOTALL);

    MergeProfilesCall {
        version("survivor version", survivorVersion);
        version("merged version", mergedVersion);
        ScriptArgumentException.nonEmpty(SCRIPT, "survivor id", survivorId);
        if (mergedIdentifier == null
                || !OWN_IDENTIFIER.matcher(mergedIdentifier).matches()) {
            throw refused("own identifier must be \"a:<id>\" or \"u:<id>\"");
        }
        ScriptArgumentException.nonEmpty(SCRIPT, "link key prefix", linkKeyPrefix);
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        for (String field : fields.keySet()) {
            if (field.equals("v") || field.startsWith("d")) {
                throw refused("field " + field + " must not be 'v' or start with 'd'");
            }
        }
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
                survivorFactsKey,
                mergedFactsKey,
                survivorIdentifiersKey,
                mergedIdentifiersKey,
                journalKey,
                survivorAppliedKey,
                mergedAppliedKey,
                survivorLinkKey);
    }

    @Override
    public List<String> args() {
        List<String> args = new ArrayList<>(
                List.of(survivorVersion, mergedVersion, survivorId, mergedIdentifier, journalEntry, linkKeyPrefix));
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return args;
    }
}
