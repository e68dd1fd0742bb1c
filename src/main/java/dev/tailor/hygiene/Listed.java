package dev.tailor.hygiene;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a hygiene list.
 *
 * @param page the page number, from 0
 * @param size the most items a page holds
 * @param total items in the whole list
 */
public record Listed<T>(int page, int size, long total, List<T> items) {

    public <U> Listed<U> map(Function<T, U> view) {
        return new Listed<>(page, size, total, items.stream().map(view).toList());
    }
}
