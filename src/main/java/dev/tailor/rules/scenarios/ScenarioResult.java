package dev.tailor.rules.scenarios;

import java.util.List;

/** The outcome of one scenario; each failure says what was expected and what came. */
public record ScenarioResult(String ruleSet, String file, String name, List<String> failures, long millis) {

    public boolean passed() {
        return failures.isEmpty();
    }
}
