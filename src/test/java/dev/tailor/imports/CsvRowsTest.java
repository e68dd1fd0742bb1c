package dev.tailor.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.shared.error.Problem.FieldError;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSV cells as JSON values, and errors named by the file's columns, without the server. */
class CsvRowsTest {

    @Test
    void numbersBeyondWhatADoubleHoldsBecomeInfiniteOrZeroNeverAnError() {
        JsonNode huge = CsvRows.typed("1e2147483648");
        assertThat(huge.isDouble()).isTrue();
        assertThat(huge.doubleValue()).isInfinite();
        assertThat(CsvRows.typed("-1e400").doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(CsvRows.typed("1e-2147483649").doubleValue()).isZero();
        assertThat(CsvRows.typed("123e-2147483648").doubleValue()).isZero();
    }

    @Test
    void cellsKeepTheirTypes() {
        assertThat(CsvRows.typed("42").isLong()).isTrue();
        assertThat(CsvRows.typed("-3.5").doubleValue()).isEqualTo(-3.5);
        assertThat(CsvRows.typed("2.5E3").doubleValue()).isEqualTo(2500.0);
        assertThat(CsvRows.typed("99999999999999999999").isTextual()).isTrue();
        assertThat(CsvRows.typed("0042").isTextual()).isTrue();
        assertThat(CsvRows.typed("NaN").isTextual()).isTrue();
        assertThat(CsvRows.typed("true").isBoolean()).isTrue();
    }

    @Test
    void anErrorInAPropertyOrTraitNamesItsColumnAsTheFileDoes() throws IOException {
        try (CsvRows events = new CsvRows(
                        new StringReader("Customer,event,Amount\nc-1,Order Completed,1e400\n"),
                        ImportKind.EVENTS,
                        Map.of("Customer", "user_id", "Amount", "revenue"));
                CsvRows customers =
                        new CsvRows(new StringReader("user_id,age\nc-1,1e400\n"), ImportKind.CUSTOMERS, Map.of())) {
            assertThat(events.fieldInFile(new FieldError("properties.revenue", "is beyond")))
                    .isEqualTo("Amount");
            assertThat(events.fieldInFile(new FieldError("userId", "is required")))
                    .isEqualTo("Customer");
            assertThat(customers.fieldInFile(new FieldError("traits.age", "is beyond")))
                    .isEqualTo("age");
            assertThat(customers.fieldInFile(new FieldError("messageId", "is too long")))
                    .isEqualTo("messageId");
        }
    }
}
