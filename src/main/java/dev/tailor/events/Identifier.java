package dev.tailor.events;

/**
 * One way of naming a customer, as kept in the customer's identifiers set: "u:" userId, "a:" anonymousId or
 * "e:" e-mail address, then the value.
 */
public record Identifier(Kind kind, String value) {

    public enum Kind {
        USER('u'),
        ANONYMOUS('a'),
        EMAIL('e');

        final char prefix;

        Kind(char prefix) {
            this.prefix = prefix;
        }

        static Kind of(char prefix) {
            for (Kind kind : values()) {
                if (kind.prefix == prefix) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("No identifier kind " + prefix);
        }
    }

    public static Identifier parse(String member) {
        return new Identifier(Kind.of(member.charAt(0)), member.substring(2));
    }

    public String member() {
        return kind.prefix + ":" + value;
    }
}
