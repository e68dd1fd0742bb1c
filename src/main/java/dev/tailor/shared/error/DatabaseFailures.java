package dev.tailor.shared.error;

import java.net.ConnectException;

/** Recognises a failure that means PostgreSQL could not be reached, whatever the layers wrapping it. */
final class DatabaseFailures {

    private DatabaseFailures() {}

    static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof ConnectException
                    || message.contains("Connection refused")
                    || message.contains("Pool closed")
                    || message.contains("connection was closed")
                    || cause.getClass().getSimpleName().equals("ClosedConnectionException")) {
                return true;
            }
        }
        return false;
    }
}
