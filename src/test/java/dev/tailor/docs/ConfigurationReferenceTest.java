package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference (the table under "# Configuration" in docs/configuration.md) against the
 * {@code @ConfigMapping} interfaces it documents: every setting Tailor reads is in the table, every {@code tailor.*}
 * row names a setting that exists, and a default the table gives is the one the code applies. Written by hand,
 * checked here, so that neither drifts.
 */
class ConfigurationReferenceTest {

    static final Path REFERENCE = Path.of("docs", "configuration.md");

    /** A row's first cell: backticked keys, the first one whole, the others relative to it. */
    private static final Pattern KEY = Pattern.compile("`([^`]+)`");

    private static Map<String, Optional<String>> declared;
    private static Map<String, Optional<String>> documented;

    @BeforeAll
    static void read() throws IOException {
        declared = declaredSettings();
        documented = documentedSettings(Files.readString(REFERENCE));
    }

    @Test
    void everySettingIsDocumented() {
        List<String> missing = declared.keySet().stream()
                .filter(key -> !documented.containsKey(key))
                .sorted()
                .toList();
        assertThat(missing)
                .as("settings of the @ConfigMapping interfaces missing from the table in %s", REFERENCE)
                .isEmpty();
    }

    @Test
    void everyDocumentedTailorSettingExists() {
        List<String> unknown = documented.keySet().stream()
                .filter(key -> key.startsWith("tailor."))
                .filter(key -> !declared.containsKey(key) && !isMapEntry(key))
                .sorted()
                .toList();
        assertThat(unknown)
                .as("rows of the table in %s that no @ConfigMapping reads", REFERENCE)
                .isEmpty();
    }

    @Test
    void documentedDefaultsAreTheCodes() {
        Map<String, String> differing = new LinkedHashMap<>();
        documented.forEach((key, documentedDefault) -> {
            Optional<String> codeDefault = declared.getOrDefault(key, Optional.empty());
            if (documentedDefault.isPresent()
                    && codeDefault.isPresent()
                    && !documentedDefault.get().equals(codeDefault.get())) {
                differing.put(key, "table `" + documentedDefault.get() + "`, code `" + codeDefault.get() + "`");
            }
        });
        assertThat(differing)
                .as("defaults in %s that differ from @WithDefault", REFERENCE)
                .isEmpty();
    }

    @Test
    void theReaderExpandsRelativeKeysAndSplitsDefaults() {
        Map<String, Optional<String>> rows = documentedSettings("""
                # Configuration

                | key | environment | default | meaning |
                | --- | --- | --- | --- |
                | `tailor.rules.quarantine.enabled`, `threshold` | | `true`, `5` | quarantine |
                | `tailor.rules.probes.sample`, `probes.customers` | | `20`, none (`a`, `b` in dev) | probes |
                | `tailor.hygiene.email-traits`, `phone-traits` | | see *Data hygiene* | traits |

                ## Operations

                | `tailor.not.configuration` | | `1` | elsewhere |
                """);
        assertThat(rows)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "tailor.rules.quarantine.enabled", Optional.of("true"),
                        "tailor.rules.quarantine.threshold", Optional.of("5"),
                        "tailor.rules.probes.sample", Optional.of("20"),
                        "tailor.rules.probes.customers", Optional.empty(),
                        "tailor.hygiene.email-traits", Optional.empty(),
                        "tailor.hygiene.phone-traits", Optional.empty()));
    }

    /** Rows such as {@code tailor.schema.renames."<event>".<old>} document a map's entries, not one key. */
    private static boolean isMapEntry(String key) {
        return key.contains("<");
    }

    private static Map<String, Optional<String>> declaredSettings() {
        Map<String, Optional<String>> settings = new LinkedHashMap<>();
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tailor").stream()
                        .filter(type -> type.isAnnotatedWith(ConfigMapping.class))
                        .map(JavaClass::reflect)
                        .forEach(mapping -> collect(
                                mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, settings));
        return settings;
    }

    private static void collect(String prefix, Class<?> mapping, Map<String, Optional<String>> settings) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || method.isSynthetic() || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + name(method);
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getDeclaringClass() == mapping) {
                collect(key, type, settings);
            } else if (Map.class.isAssignableFrom(type)) {
                settings.put(key + ".<entry>", Optional.empty());
            } else {
                WithDefault fallback = method.getAnnotation(WithDefault.class);
                settings.put(key, Optional.ofNullable(fallback).map(WithDefault::value));
            }
        }
    }

    private static String name(Method method) {
        WithName named = method.getAnnotation(WithName.class);
        return named != null
                ? named.value()
                : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    static Map<String, Optional<String>> documentedSettings(String markdown) {
        Map<String, Optional<String>> settings = new LinkedHashMap<>();
        for (String row : section(markdown, "# Configuration")
                .lines()
                .filter(l -> l.startsWith("| `"))
                .toList()) {
            List<String> cells = cells(row);
            List<String> keys = keys(cells.get(0));
            List<String> defaults = topLevelParts(cells.get(2));
            for (int i = 0; i < keys.size(); i++) {
                Optional<String> fallback =
                        defaults.size() == keys.size() ? firstCode(defaults.get(i)) : Optional.empty();
                settings.put(keys.get(i), fallback);
            }
        }
        settings.keySet().removeIf(key -> key.endsWith(".*"));
        // A map's rows stand for the map: the declared side names it <entry>.
        new ArrayList<>(settings.keySet())
                .stream()
                        .filter(ConfigurationReferenceTest::isMapEntry)
                        .forEach(key ->
                                settings.put(key.substring(0, key.indexOf(".\"<")) + ".<entry>", Optional.empty()));
        return settings;
    }

    private static String section(String markdown, String heading) {
        String text = "\n" + markdown;
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as("heading %s", heading).isNotNegative();
        int end = text.indexOf("\n## ", start + heading.length() + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.lastIndexOf('|')).split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static List<String> keys(String cell) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = KEY.matcher(cell);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (keys.isEmpty()) {
                keys.add(name);
                continue;
            }
            String[] first = keys.get(0).split("\\.");
            int replaced = name.split("\\.").length;
            keys.add(String.join(".", List.of(first).subList(0, first.length - replaced)) + "." + name);
        }
        return keys;
    }

    /** "`true`, `4`, broker's" -> three parts; commas inside parentheses stay in their part. */
    private static List<String> topLevelParts(String cell) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(cell.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(cell.substring(start).strip());
        return parts;
    }

    private static Optional<String> firstCode(String part) {
        Matcher matcher = KEY.matcher(part);
        return matcher.find() && matcher.start() == 0 ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
