package dev.tailor.shared.redis;

/**
 * A Lua script's argument out of the range the script accepts, found before the call: the script would refuse it
 * too, so retrying cannot help (the event or request is unusable as it is).
 */
public class ScriptArgumentException extends IllegalArgumentException {

    /** Milliseconds since the epoch of 9999-12-31T23:59:59.999Z: the latest time a script accepts. */
    public static final long MAX_EPOCH_MS = 253_402_300_799_999L;

    public ScriptArgumentException(String message) {
        super(message);
    }

    /** {@code value} in decimal when it lies within [{@code min}, {@code max}]; else this exception naming it. */
    public static String whole(String script, String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ScriptArgumentException(
                    script + ": " + name + " must be from " + min + " to " + max + ", was " + value);
        }
        return Long.toString(value);
    }

    /** A time in epoch milliseconds as the scripts accept it: from 1970 to the end of year 9999. */
    public static String epochMillis(String script, String name, long value) {
        return whole(script, name, value, 0, MAX_EPOCH_MS);
    }

    /** {@code value} when it is not empty; else this exception naming it. */
    public static String nonEmpty(String script, String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new ScriptArgumentException(script + ": " + name + " must not be empty");
        }
        return value;
    }
}
