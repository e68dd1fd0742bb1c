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
        try {
            Files.createDirectories(DIR);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(DIR.resolve(name + ".json").toFile(),
                    figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[bench] " + name + ": " + figures);
    }
}
