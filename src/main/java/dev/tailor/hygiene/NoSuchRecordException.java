package dev.tailor.hygiene;

/** A hygiene record asked for does not exist: no such duplicate candidate, no audit yet (404). */
public class NoSuchRecordException extends RuntimeException {

    public NoSuchRecordException(String detail) {
        super(detail);
    }
}
