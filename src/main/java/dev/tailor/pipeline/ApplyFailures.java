package dev.tailor.pipeline;

import dev.tailor.ingest.UnreadableEventException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.DateTimeException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the two kinds of failure to apply an event apart, for the consumer, replay and back-fill alike: the event's
 * own (Redis answered an error for it, or its arguments could not be built), which happens again on every attempt,
 * so that the event is set aside at once; and the way to Redis (connection lost or refused, timeout, Redis busy,
 * loading or read-only), which a later attempt may get past, so that it is retried. Anything not known to be the
 * event's own counts as the way's.
 */
public final class ApplyFailures {

    /**
     * Error replies that speak of Redis's state, not of the command: the same command may pass later. The Vert.x
     * client fails the commands in flight on a connection that closes (Redis stopped) with CONNECTION_CLOSED.
     */
    private static final Set<String> PASSING_CODES = Set.of(
            "BUSY",
            "LOADING",
            "TRYAGAIN",
            "CLUSTERDOWN",
            "MASTERDOWN",
            "READONLY",
            "NOREPLICAS",
            "MOVED",
            "ASK",
            "OOM",
            "NOAUTH",
            "NOPERM",
            "WRONGPASS",
            "NOSCRIPT",
            "CONNECTION_CLOSED");
    /**
     * A pipeline's failure gathers each failed command as {@code ERR [i] <error reply without its ERR>}, or
     * {@code ERR [i] <exception>} for a connection's failure, one line each.
     */
    private static final Pattern PIPELINE_LINE = Pattern.compile("^ERR \\[\\d+\\] ?(.*)$", Pattern.MULTILINE);
    /** How a Java exception's toString begins: its qualified class name. */
    private static final Pattern EXCEPTION = Pattern.compile("^[a-z_$][\\w$]*(\\.[\\w$]+)+(:.*)?$");

    private ApplyFailures() {}

    /** Whether retrying cannot help: the failure is the event's own. */
    public static boolean isEventsOwn(Throwable failure) {
        Throwable cause = unwrapped(failure);
        if (cause instanceof ErrorType reply) {
            return isEventsOwn(reply);
        }
        // Thrown while building the script's arguments from the event (its values, not the connection).
        return cause instanceof IllegalArgumentException
                || cause instanceof ArithmeticException
                || cause instanceof DateTimeException
                || cause instanceof NullPointerException
                || cause instanceof ClassCastException
                || cause instanceof IndexOutOfBoundsException
                || cause instanceof UnreadableEventException;
    }

    /** Whether a later attempt may pass: the way to Redis failed. */
    public static boolean isPassing(Throwable failure) {
        return !isEventsOwn(failure);
    }

    /**
     * Whether Redis answered, but with a reply about its own state ({@code OOM}, {@code READONLY}, {@code LOADING},
     * ...): Redis is there yet cannot take writes, which no event causes, so the apply waits for as long as it lasts.
     */
    public static boolean isRedisState(Throwable failure) {
        if (!(unwrapped(failure) instanceof ErrorType reply)) {
            return false;
        }
        String message = String.valueOf(reply.getMessage());
        Matcher lines = PIPELINE_LINE.matcher(message);
        boolean pipeline = false;
        while (lines.find()) {
            pipeline = true;
            if (PASSING_CODES.contains(code(lines.group(1).strip()))) {
                return true;
            }
        }
        return !pipeline && PASSING_CODES.contains(code(message));
    }

    private static boolean isEventsOwn(ErrorType reply) {
        String message = String.valueOf(reply.getMessage());
        Matcher lines = PIPELINE_LINE.matcher(message);
        boolean pipeline = false;
        while (lines.find()) {
            pipeline = true;
            String line = lines.group(1).strip();
            if (EXCEPTION.matcher(line).matches() || PASSING_CODES.contains(code(line))) {
                return false;
            }
        }
        return pipeline || !PASSING_CODES.contains(code(message));
    }

    private static String code(String reply) {
        int space = reply.indexOf(' ');
        return space < 0 ? reply : reply.substring(0, space);
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
