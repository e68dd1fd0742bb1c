package dev.tailor.imports;

/** An import id no job has (404). */
public class UnknownImportException extends RuntimeException {

    public UnknownImportException(long id) {
        super("No import has id " + id);
    }
}
