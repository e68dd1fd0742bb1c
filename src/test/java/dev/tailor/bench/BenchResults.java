package dev.tailor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a benchmark's figures to bench/results/<name>.json, where the bench summary picks them up. */
final class BenchResults {

    private static final Path DIR = Path.of("bench", "results");

    private BenchResults() {}

    static void write(String name, Map<String, Object> figures) {
        write(DIR.resolve(name + ".json"), figures);
    }

    static void write(Path file, Map<String, Object> figures) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[bench] " + file.getFileName() + ": " + figures);
    }
}
