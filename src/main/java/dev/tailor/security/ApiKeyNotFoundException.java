package dev.tailor.security;

/** No live API key with that id (404). */
public class ApiKeyNotFoundException extends RuntimeException {

    public ApiKeyNotFoundException(long id) {
        super("No live API key with id " + id);
    }
}
