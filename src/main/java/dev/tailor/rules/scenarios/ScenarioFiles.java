package dev.tailor.rules.scenarios;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tailor.rules.RuleMessage;
import dev.tailor.rules.sandbox.YamlPositions;
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

    /**
     * Scenarios from files by path (tests/*.yaml), in path order; a {@link ScenarioFileException} names every
     * problem of every file at its line and column.
     */
    public static List<Scenario> parse(Map<String, byte[]> files) {
        List<Scenario> scenarios = new ArrayList<>();
        List<RuleMessage> problems = new ArrayList<>();
        new TreeMap<>(files).forEach((name, content) -> {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                scenarios.addAll(readFile(content, name, problems));
            }
        });
        if (!problems.isEmpty()) {
            throw new ScenarioFileException(problems);
        }
        return scenarios;
    }

    private static List<Scenario> readFile(byte[] content, String name, List<RuleMessage> problems) {
        List<Scenario> scenarios = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (IOException e) {
            YamlPositions.SyntaxError error =
                    YamlPositions.syntaxError(content).orElse(new YamlPositions.SyntaxError(0, 0, e.getMessage()));
            problems.add(new RuleMessage(name, error.line(), error.column(), "not valid YAML: " + error.problem()));
            return scenarios;
        }
        if (root == null) {
            return scenarios;
        }
        int index = 0;
        for (JsonNode node : root.isArray() ? root : List.of(root)) {
            String at = root.isArray() ? "[" + index++ + "]" : "";
            Scenario parsed;
            try {
                parsed = YAML.treeToValue(node, Scenario.class);
            } catch (JsonMappingException e) {
                String path = (at + path(e)).replaceFirst("^\\.", "");
                int[] position = YamlPositions.of(content, path);
                problems.add(new RuleMessage(name, position[0], position[1], describe(e, path)));
                continue;
            } catch (IOException e) {
                problems.add(new RuleMessage(name, 0, 0, e.getMessage()));
                continue;
            }
            Scenario scenario = new Scenario(
                    name,
                    parsed.name() == null ? "scenario " + (scenarios.size() + 1) : parsed.name(),
                    parsed.now() == null ? DEFAULT_NOW : parsed.now(),
                    parsed.events() == null ? List.of() : parsed.events(),
                    parsed.expect() == null ? List.of() : parsed.expect(),
                    parsed.nextChange());
            times(scenario, at).forEach((path, time) -> {
                try {
                    RelativeTime.parse(time);
                } catch (IllegalArgumentException e) {
                    int[] position = YamlPositions.of(content, path);
                    problems.add(new RuleMessage(name, position[0], position[1], e.getMessage()));
                }
            });
            scenarios.add(scenario);
        }
        return scenarios;
    }

    /** Every relative time a scenario gives, by its path in the file. */
    private static Map<String, String> times(Scenario scenario, String at) {
        Map<String, String> times = new java.util.LinkedHashMap<>();
        for (int i = 0; i < scenario.events().size(); i++) {
            Scenario.ScenarioEvent event = scenario.events().get(i);
            String path = at + (at.isEmpty() ? "" : ".") + "events[" + i + "].";
            putIfGiven(times, path + "at", event.at());
            putIfGiven(times, path + "sentAt", event.sentAt());
            putIfGiven(times, path + "receivedAt", event.receivedAt());
        }
        for (int i = 0; i < scenario.expect().size(); i++) {
            putIfGiven(
                    times,
                    at + (at.isEmpty() ? "" : ".") + "expect[" + i + "].at",
                    scenario.expect().get(i).at());
        }
        if (scenario.nextChange() != null && !scenario.nextChange().equals("never")) {
            putIfGiven(times, at + (at.isEmpty() ? "" : ".") + "nextChange", scenario.nextChange());
        }
        return times;
    }

    private static void putIfGiven(Map<String, String> times, String path, String time) {
        if (time != null) {
            times.put(path, time);
        }
    }

    /** The path Jackson reports, in the form {@link YamlPositions} reads: {@code .expect[0].segments}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson's complaint in a scenario author's terms, without Java types. */
    private static String describe(JsonMappingException e, String path) {
        String key = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown key '" + unknown.getPropertyName() + "'; expected one of "
                    + String.join(
                            ", ",
                            unknown.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .toList());
        }
        if (e instanceof InvalidFormatException invalid) {
            return "'" + invalid.getValue() + "' is not a valid " + key
                    + (invalid.getTargetType() == Instant.class ? ": write a time such as 2026-06-15T12:30:00Z" : "");
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            Class<?> type = mismatched.getTargetType();
            String wanted = java.util.Collection.class.isAssignableFrom(type)
                    ? "a list, such as [a, b]"
                    : Map.class.isAssignableFrom(type) || type.isRecord()
                            ? "a mapping, such as {key: value}"
                            : "a single value";
            return "'" + key + "' must be " + wanted;
        }
        return e.getOriginalMessage();
    }
}
