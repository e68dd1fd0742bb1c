package dev.tailor.rules;

import java.util.Objects;

/**
 * A segment membership a rule asserts, e.g. {@code insert(Segment.marketing("cart_abandoner"))}.
 * Marketing segments are removed by suppressions; transactional ones are not.
 */
public final class Segment {

    public static final String MARKETING = "marketing";
    public static final String TRANSACTIONAL = "transactional";
    public static final String SUPPRESSION = "suppression";

    private final String name;
    private final String kind;

    public Segment(String name, String kind) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public static Segment marketing(String name) {
        return new Segment(name, MARKETING);
    }

    public static Segment transactional(String name) {
        return new Segment(name, TRANSACTIONAL);
    }

    public static Segment suppression(String name) {
        return new Segment(name, SUPPRESSION);
    }

    public String getName() {
        return name;
    }

    public String getKind() {
        return kind;
    }

    public boolean isMarketing() {
        return MARKETING.equals(kind);
    }

    @Override
    public String toString() {
        return "Segment[" + name + ", " + kind + "]";
    }
}
