package dev.tailor.hygiene;

import dev.tailor.shared.error.InvalidRequestException;

/** Query parameters of the hygiene lists, read here so that a bad one is a 400 naming it. */
public final class ListParams {

    private ListParams() {}

    /** A page number from 0; absent is 0. */
    public static int page(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int page = Integer.parseInt(value.strip());
            if (page >= 0) {
                return page;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException("page", "page must be a whole number from 0, was " + value);
    }

    /** A score from 0 to 1; absent is 0. */
    public static double score(String name, String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            double score = Double.parseDouble(value.strip());
            if (score >= 0 && score <= 1) {
                return score;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException(name, name + " must be a number from 0 to 1, was " + value);
    }
}
