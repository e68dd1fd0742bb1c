package dev.tailor.facts;

import dev.tailor.schema.EventUpgrader;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link SchemaCodes} of the schemas read lately, the latest first, worked out once per schema instead of on
 * every read (a render decodes one customer). A rule set's schema lives as its revision does, so a schema is known
 * by its identity.
 */
final class RecentSchemaCodes {

    /**
     * How many schemas' codes are kept: one per active rule set (the re-decision worker reads each of them in turn,
     * renders mostly the default one), with room for impact analyses and scenario runs.
     */
    private static final int KEPT = 8;

    private final EventUpgrader upgrader;
    private volatile List<SchemaCodes> known = List.of();

    RecentSchemaCodes(EventUpgrader upgrader) {
        this.upgrader = upgrader;
    }

    SchemaCodes of(FactSchema schema) {
        List<SchemaCodes> recent = known;
        for (SchemaCodes codes : recent) {
            if (codes.schema() == schema) {
                return codes;
            }
        }
        SchemaCodes codes = SchemaCodes.of(schema, upgrader);
        List<SchemaCodes> next = new ArrayList<>(KEPT);
        next.add(codes);
        next.addAll(recent.subList(0, Math.min(recent.size(), KEPT - 1)));
        known = List.copyOf(next);
        return codes;
    }
}
