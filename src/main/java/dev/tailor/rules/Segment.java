package dev.tailor.rules;

import java.util.Objects;

/**
 * A segment membership a rule asserts, e.g. {@code insert(Segment.marketing("lifecycle_active").inGroup("lifecycle", 30))}.
 * After the rules have fired, Tailor resolves conflicts in the same decision: a suppression removes every
 * marketing segment (transactional ones stay), and in each group only the segment with the highest priority
 * survives (equal priorities: the name first in alphabetical order).
 */
public final class Segment {

    public static final String MARKETING = "marketing";
    public static final String TRANSACTIONAL = "transactional";
    public static final String SUPPRESSION = "suppression";

    private final String name;
    private final String kind;
    private final String group;
    private final int priority;

    public Segment(String name, String kind, String group, int priority) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.group = group;
        this.priority = priority;
    }

    public static Segment marketing(String name) {
        return new Segment(name, MARKETING, null, 0);
    }

    public static Segment transactional(String name) {
        return new Segment(name, TRANSACTIONAL, null, 0);
    }

    /** A global suppression such as unsubscribed, bounced or complained. */
    public static Segment suppression(String name) {
        return new Segment(name, SUPPRESSION, null, 0);
    }

    /** This segment as a member of a mutually exclusive group, where the highest priority wins. */
    public Segment inGroup(String group, int priority) {
        return new Segment(name, kind, Objects.requireNonNull(group, "group"), priority);
    }

    public String getName() {
        return name;
    }

    public String getKind() {
        return kind;
    }

    public String getGroup() {
        return group;
    }

    public int getPriority() {
        return priority;
    }

    public boolean isMarketing() {
        return MARKETING.equals(kind);
    }

    public boolean isSuppression() {
        return SUPPRESSION.equals(kind);
    }

    @Override
    public String toString() {
        return "Segment[" + name + ", " + kind + (group == null ? "" : ", " + group + "/" + priority) + "]";
    }
}
