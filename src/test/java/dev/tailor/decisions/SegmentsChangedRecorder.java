package dev.tailor.decisions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test bean: remembers every announced segment change. */
@ApplicationScoped
public class SegmentsChangedRecorder {

    private final List<SegmentsChanged> seen = new CopyOnWriteArrayList<>();

    void onChange(@Observes SegmentsChanged change) {
        seen.add(change);
    }

    public List<SegmentsChanged> of(String customerId) {
        return seen.stream()
                .filter(change -> change.customerId().equals(customerId))
                .toList();
    }
}
