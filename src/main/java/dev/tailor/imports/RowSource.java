package dev.tailor.imports;

import dev.tailor.shared.error.Problem.FieldError;
import java.io.Closeable;
import java.io.IOException;

/** The lines of an imported file, read one at a time so that a file of any size fits in memory. */
interface RowSource extends Closeable {

    /** The next line, or null at the end. */
    ImportRow next() throws IOException;

    /** The column or field a Segment Spec error names, as the file names it. */
    default String fieldInFile(FieldError error) {
        return error.field();
    }
}
