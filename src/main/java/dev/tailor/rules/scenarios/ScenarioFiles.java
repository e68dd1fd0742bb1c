package dev.tailor.rules.scenarios;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads the scenario files of a rule set: each YAML file holds one scenario or a list of them. */
public final class ScenarioFiles {

    /** The default present of a scenario: mid-hour, so that hour buckets have room on both sides. */
    static final Instant DEFAULT_NOW = Instant.parse("2026-06-15T12:30:00Z");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private ScenarioFiles() {}

    public static List<Scenario> read(Path ruleSetDir) {
        Path tests = ruleSetDir.resolve("tests");
        if (!Files.isDirectory(tests)) {
            return List.of();
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(tests)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(ruleSetDir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the scenarios of " + ruleSetDir + ": " + e.getMessage(), e);
        }
        return parse(files);
    }

    /** Scenarios from files by path (tests/*.yaml), in path order. */
    public static List<Scenario> parse(Map<String, byte[]> files) {
        List<Scenario> scenarios = new ArrayList<>();
        new TreeMap<>(files).forEach((name, content) -> {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                try {
                    scenarios.addAll(readFile(content, name));
                } catch (IOException e) {
                    throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                }
            }
        });
        return scenarios;
    }

    private static List<Scenario> readFile(byte[] content, String name) throws IOException {
        JsonNode root = YAML.readTree(content);
        List<Scenario> scenarios = new ArrayList<>();
        if (root == null) {
            return scenarios;
        }
        for (JsonNode node : root.isArray() ? root : List.of(root)) {
            Scenario parsed;
            try {
                parsed = YAML.treeToValue(node, Scenario.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(name + ": " + e.getOriginalMessage(), e);
            }
            scenarios.add(new Scenario(name, parsed.name() == null ? "scenario " + (scenarios.size() + 1) : parsed.name(),
                    parsed.now() == null ? DEFAULT_NOW : parsed.now(),
                    parsed.events() == null ? List.of() : parsed.events(),
                    parsed.expect() == null ? List.of() : parsed.expect(), parsed.nextChange()));
        }
        return scenarios;
    }
}
