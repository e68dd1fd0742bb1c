package dev.tailor.rules;

import java.util.Objects;

/** A personalization variable a rule sets, e.g. {@code insert(new Variable("loyalty_tier", "gold"))}. */
public final class Variable {

    private final String name;
    private final Object value;

    public Variable(String name, Object value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public Object getValue() {
        return value;
    }

    @Override
    public String toString() {
        return "Variable[" + name + "=" + value + "]";
    }
}
