package dev.tailor.hygiene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Febrl synthetic person registers (shared/data/febrl) as customer records. The folder is the system property
 * {@value #DIR_PROPERTY}, by default {@code ../shared/data/febrl} from the project folder, where the shared folder
 * sits beside a checkout. A missing file is an error, never a reason to skip: a quality check that silently does not
 * run guards nothing.
 *
 * <p>soc_sec_id is not read: customers' profiles have no such identifier, and matching on it would measure nothing.
 * The rec_id becomes the customer id, which the finder only uses to name pairs; the true entity behind it is kept
 * apart, for scoring the result.
 */
public final class FebrlDataset {

    public static final String DIR_PROPERTY = "tailor.febrl.dir";
    private static final Pattern REC_ID = Pattern.compile("rec-(\\d+)-(org|dup-\\d+)");

    private final String name;
    private final List<CustomerRecord> records;
    private final List<String> entities;

    private FebrlDataset(String name, List<CustomerRecord> records, List<String> entities) {
        this.name = name;
        this.records = records;
        this.entities = entities;
    }

    public static Path directory() {
        return Path.of(System.getProperty(DIR_PROPERTY, "../shared/data/febrl"))
                .toAbsolutePath()
                .normalize();
    }

    /** Loads e.g. {@code dataset3.csv}; fails when the file is not there. */
    public static FebrlDataset load(String file) {
        Path path = directory().resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("Febrl data not found at " + path + "; set -D" + DIR_PROPERTY
                    + "=<folder with dataset1.csv..dataset3.csv> (the shared/data/febrl folder)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CustomerRecord> records = new ArrayList<>(lines.size());
        List<String> entities = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 11) {
                throw new IllegalStateException(path + ": expected 11 columns, got " + f.length + " in: " + line);
            }
            String recId = f[0].strip();
            Matcher m = REC_ID.matcher(recId);
            if (!m.matches()) {
                throw new IllegalStateException(path + ": unexpected rec_id " + recId);
            }
            records.add(
                    new CustomerRecord(recId, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], null, f[9], null, null));
            entities.add(m.group(1));
        }
        return new FebrlDataset(file, List.copyOf(records), List.copyOf(entities));
    }

    public String name() {
        return name;
    }

    public List<CustomerRecord> records() {
        return records;
    }

    /** The true person behind each record, by index; two records match when their entities are equal. */
    public List<String> entities() {
        return entities;
    }
}
