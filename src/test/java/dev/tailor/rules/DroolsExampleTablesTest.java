package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;

/**
 * Drools' own example decision tables ({@code org.drools:drools-examples}, read from the published jar that the
 * build copies beside the tests) given to Tailor as an analyst might: they reason over Drools' example facts, not
 * Tailor's, and each is refused with one message per cause at the sheet's cell, never at a line of the DRL
 * Drools generates from it.
 */
class DroolsExampleTablesTest {

    private static byte[] read(String entry) throws IOException {
        Path jar = Path.of(System.getProperty("drools.examples.jar", "target/drools-examples/drools-examples.jar"));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getInputStream(zip.getEntry(entry)).readAllBytes();
        }
    }

    /** The table as an analyst would first fix it: a package of Tailor's own, no imports of Drools' examples. */
    private static byte[] inTailorsPackage(byte[] table) throws IOException {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(table));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            DataFormatter formatter = new DataFormatter();
            for (Row row : workbook.getSheetAt(0)) {
                for (Cell cell : row) {
                    String text = formatter.formatCellValue(cell);
                    if (text.startsWith("org.drools.examples")) {
                        cell.setCellValue(
                                text.contains(",") || text.contains("troubleticket.") ? "" : "tailor.examples");
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    private static List<String> compile(byte[] table, String name) {
        try {
            new RuleCompiler(new SimpleMeterRegistry())
                    .compile(RuleSetSource.fromFiles("examples", Map.of(name, table)));
            throw new AssertionError(name + " compiled");
        } catch (RuleCompilationException e) {
            return e.messages().stream().map(RuleMessage::toString).toList();
        }
    }

    private static final String ALLOWED = "rules may use the fact API (Customer, Window, Segment, Variable) and JDK"
            + " value types (String, Math, boxed numbers, BigDecimal, java.time, read-only collections) only";

    @Test
    void examplePolicyPricingIsRefusedAtItsPackageCellAndThenAtItsFactTypes() throws IOException {
        byte[] table = read("org/drools/examples/decisiontable/ExamplePolicyPricing.drl.xls");

        assertThat(compile(table, "ExamplePolicyPricing.drl.xls"))
                .containsExactly(
                        "ExamplePolicyPricing.drl.xls:2:4: sheet Tables cell D2: package org.drools.examples.decisiontable is"
                                + " reserved: rule files use a package of their own, such as tailor.marketing");
        // Drools alone names each unknown type once per rule that uses it, at lines of the DRL it generates.
        assertThat(compile(inTailorsPackage(table), "ExamplePolicyPricing.drl.xls"))
                .containsExactly(
                        "ExamplePolicyPricing.drl.xls:7:3: sheet Tables cell C7: Tailor rules reason over Customer, Segment"
                                + " and Variable; 'Driver' is not one of them",
                        "ExamplePolicyPricing.drl.xls:10:6: sheet Tables cell F10: Tailor rules reason over Customer, Segment"
                                + " and Variable; 'Policy' is not one of them");
    }

    @Test
    void troubleTicketIsRefusedAtItsPackageAndImportCellsAndThenAtItsFactTypes() throws IOException {
        byte[] table = read("org/drools/examples/troubleticketWithDT/TroubleTicket.drl.xls");

        assertThat(compile(table, "TroubleTicket.drl.xls"))
                .containsExactly(
                        "TroubleTicket.drl.xls:2:4: sheet Tables cell D2: package org.drools.examples.troubleticketWithDT is"
                                + " reserved: rule files use a package of their own, such as tailor.marketing",
                        "TroubleTicket.drl.xls:3:4: sheet Tables cell D3: import of org.drools.examples.troubleticket.Customer"
                                + " is not allowed: " + ALLOWED,
                        "TroubleTicket.drl.xls:3:4: sheet Tables cell D3: import of org.drools.examples.troubleticket.Ticket"
                                + " is not allowed: " + ALLOWED);
        // Drools alone places these at no line of the sheet at all.
        assertThat(compile(inTailorsPackage(table), "TroubleTicket.drl.xls"))
                .containsExactly(
                        "TroubleTicket.drl.xls:12:5: sheet Tables cell E12: 'Customer' is not imported: Tailor's Customer is"
                                + " dev.tailor.facts.Customer",
                        "TroubleTicket.drl.xls:12:7: sheet Tables cell G12: Tailor rules reason over Customer, Segment and"
                                + " Variable; 'Ticket' is not one of them");
    }
}
