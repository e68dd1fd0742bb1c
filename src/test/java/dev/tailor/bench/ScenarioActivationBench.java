package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.revisions.RuleSetContent;
import dev.tailor.rules.revisions.RuleSetService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the scenarios cost an activation of the sample rule set: its rules activated with and without its
 * {@code tests/*.yaml}, first (compile included) and then compiled (what a re-activation or rollback pays).
 */
@QuarkusTest
@Tag("bench")
class ScenarioActivationBench {

    private static final int FLIPS = 6;

    @Inject
    RuleSetService ruleSets;

    @Test
    void activationWithAndWithoutTheSampleScenarios() {
        String name = "bench_scenarios_" + UUID.randomUUID().toString().substring(0, 6);
        SortedMap<String, byte[]> folder = RuleSetSource.folderFiles(Path.of("rules", "marketing"));
        RuleSetContent withScenarios = RuleSetContent.of(name, folder);
        RuleSetContent rulesOnly = RuleSetContent.of(withScenarios.rules());
        long bare = ruleSets.store(rulesOnly, "bench", "rules only").revision().id;
        long proved = ruleSets.store(withScenarios, "bench", "with scenarios").revision().id;

        long firstBare = timed(() -> ruleSets.activate(name, bare, "bench", "first, rules only"));
        long firstProved = timed(() -> ruleSets.activate(name, proved, "bench", "first, with scenarios"));
        List<Long> bareMs = new ArrayList<>();
        List<Long> provedMs = new ArrayList<>();
        for (int i = 0; i < FLIPS; i++) {
            bareMs.add(timed(() -> ruleSets.activate(name, bare, "bench", "flip")));
            provedMs.add(timed(() -> ruleSets.activate(name, proved, "bench", "flop")));
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("ruleSet", "rules/marketing");
        figures.put("scenarios", withScenarios.scenarios().size());
        figures.put("firstActivationWithoutScenariosMs", firstBare);
        figures.put("firstActivationWithScenariosMs", firstProved);
        figures.put("compiledActivationWithoutScenariosMedianMs", median(bareMs));
        figures.put("compiledActivationWithScenariosMedianMs", median(provedMs));
        figures.put("compiledActivationWithoutScenariosMs", bareMs);
        figures.put("compiledActivationWithScenariosMs", provedMs);
        BenchResults.write("activation-scenarios", figures);
        assertThat(ruleSets.activeOf(name).orElseThrow().revisionId).isEqualTo(proved);
    }

    private static long timed(Runnable activation) {
        long started = System.nanoTime();
        activation.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
