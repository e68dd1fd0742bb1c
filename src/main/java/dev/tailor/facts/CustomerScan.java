package dev.tailor.facts;

import java.util.List;

/** One page of a walk over the customers with facts: their ids and where the walk goes on ("0" at the end). */
public record CustomerScan(List<String> customerIds, String cursor) {

    public boolean finished() {
        return "0".equals(cursor);
    }
}
