package dev.tailor.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tailor.shared.error.Problem.FieldError;
import java.util.List;

/**
 * The answer to an accepted request: {@code success} as Segment's API answers (some clients look for it), and the
 * calls of a batch that were refused, left out when there are none.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IngestReceipt(boolean success, List<Refusal> refused) {

    /**
     * One refused call.
     *
     * @param index its place in the batch
     * @param field its first offending field, e.g. {@code batch[3].userId}
     * @param detail what is wrong with that field
     * @param errors every offending field of the call
     */
    public record Refusal(int index, String field, String detail, List<FieldError> errors) {

        public static Refusal of(RefusedCall call) {
            return new Refusal(
                    call.index(),
                    call.errors().get(0).field(),
                    call.errors().get(0).detail(),
                    call.errors());
        }
    }

    static IngestReceipt of(List<RefusedCall> refused) {
        return new IngestReceipt(true, refused.stream().map(Refusal::of).toList());
    }
}
