package dev.tailor.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tailor.cli.Script;
import dev.tailor.readme.ConsoleExamples.Example;
import dev.tailor.security.SafeStartProbe;
import dev.tailor.security.Scope;
import dev.tailor.security.SecurityConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yml against the README's examples: with compose's defaults, Tailor (the image runs the prod profile)
 * starts, makes the key the examples send a bootstrap key with every scope they need, and listens where they call,
 * published on the host's loopback only, as every service of the stack is. The configuration is read as Tailor
 * reads it: application.properties under the prod profile, below compose's environment.
 */
class ComposeDefaultsTest {

    private static final Pattern KEY = Pattern.compile("-u ([^:\\s]+):");
    private static final Pattern PATH = Pattern.compile("localhost:8080(/[^\\s'?]*)");
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}");
    private static final List<Example> EXAMPLES = ConsoleExamples.of(Script.ROOT);

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(Script.ROOT.resolve("docker/compose.yml").toFile());
    }

    /** Tailor's environment in compose, with every ${VARIABLE:-default} at its default (nothing set by the user). */
    private static Map<String, String> tailorEnvironment() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        compose().path("services").path("tailor").path("environment").fields().forEachRemaining(entry -> {
            Matcher variable = DEFAULTED.matcher(entry.getValue().asText());
            environment.put(
                    entry.getKey(),
                    variable.replaceAll(m -> Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2))));
        });
        return environment;
    }

    private static SmallRyeConfig tailorConfig() throws IOException {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's: 25ms, 10s
                .withSources(new PropertiesConfigSource(
                        Script.ROOT
                                .resolve("src/main/resources/application.properties")
                                .toUri()
                                .toURL(),
                        250))
                .withSources(new EnvConfigSource(tailorEnvironment(), 300))
                .withMapping(SecurityConfig.class)
                .build();
    }

    @Test
    void composesBootstrapKeyIsTheExamplesKeyWithEveryScopeTheyUse() throws IOException {
        Set<String> keys = new TreeSet<>();
        Set<Scope> needed = EnumSet.noneOf(Scope.class);
        for (Example example : EXAMPLES) {
            Matcher key = KEY.matcher(example.command());
            Matcher path = PATH.matcher(example.command());
            if (key.find() && path.find()) {
                keys.add(key.group(1));
                needed.add(Scope.requiredFor(path.group(1)));
            }
        }
        SecurityConfig security = tailorConfig().getConfigMapping(SecurityConfig.class);

        assertThat(keys).as("the examples' keys").hasSize(1);
        assertThat(needed).contains(Scope.INGEST, Scope.DECIDE, Scope.ADMIN);
        assertThat(security.bootstrapKey())
                .as("compose's bootstrap key")
                .contains(keys.iterator().next());
        assertThat(Scope.parse(security.bootstrapScopes()))
                .as("compose's bootstrap scopes")
                .containsAll(needed);
    }

    @Test
    void theImageStartsWithComposesDefaults() throws IOException {
        SecurityConfig security = tailorConfig().getConfigMapping(SecurityConfig.class);

        assertThat(SafeStartProbe.refusal(security))
                .as("the prod profile's start-up checks")
                .isEmpty();
    }

    @Test
    void tailorListensWhereTheExamplesCallOnTheHostsLoopbackAsEveryServiceOfTheStack() throws IOException {
        String port = tailorConfig().getValue("quarkus.http.port", String.class);

        assertThat(EXAMPLES)
                .filteredOn(e -> e.command().contains("curl "))
                .allSatisfy(example -> assertThat(example.command()).contains("localhost:8080"));
        assertThat(compose()
                        .path("services")
                        .path("tailor")
                        .path("ports")
                        .get(0)
                        .asText())
                .isEqualTo("127.0.0.1:8080:" + port);
        compose()
                .path("services")
                .fields()
                .forEachRemaining(service -> service.getValue()
                        .path("ports")
                        .forEach(published -> assertThat(published.asText())
                                .as(service.getKey())
                                .startsWith("127.0.0.1:")));
    }
}
