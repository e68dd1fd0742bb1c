package dev.tailor.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.shared.error.Problem.FieldError;
import java.util.List;

/**
 * One line of an imported file as the Segment call it stands for, or why it cannot be one.
 *
 * @param line where it starts in the file
 * @param call the call, when the line could be read as one (even one refused for its shape)
 * @param content what the line says, for its deterministic messageId and, when it is no call, its dead letter
 * @param errors problems found before the call is checked against the Segment Spec, by field or column
 */
record ImportRow(long line, ObjectNode call, String content, List<FieldError> errors) {

    static ImportRow refused(long line, String content, String field, String detail) {
        return new ImportRow(line, null, content, List.of(new FieldError(field, detail)));
    }
}
