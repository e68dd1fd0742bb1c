package dev.tailor.ingest;

import dev.tailor.events.CustomerEvent;
import dev.tailor.shared.error.Problem.FieldError;
import java.util.List;

/** What one ingest request holds: the calls accepted as events, and the ones refused, in request order. */
public record SegmentCalls(List<CustomerEvent> accepted, List<RefusedCall> refused) {

    public SegmentCalls {
        accepted = List.copyOf(accepted);
        refused = List.copyOf(refused);
    }

    /** Every offending field of every refused call. */
    public List<FieldError> errors() {
        return refused.stream().flatMap(call -> call.errors().stream()).toList();
    }
}
