package dev.tailor.rules.revisions;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;
import java.util.List;
import java.util.Optional;

/** An activation whose revision failed its proof (scenarios or warm-up): nothing was recorded (422). */
public class ActivationRefusedException extends ProblemException {

    private final String ruleSet;
    private final long revision;
    private final List<String> problems;

    public ActivationRefusedException(String ruleSet, long revision, List<String> problems) {
        super("revision " + revision + " of rule set " + ruleSet + " was not activated: "
                + String.join("; ", problems));
        this.ruleSet = ruleSet;
        this.revision = revision;
        this.problems = List.copyOf(problems);
    }

    public String ruleSet() {
        return ruleSet;
    }

    public long revision() {
        return revision;
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public Problem problem() {
        return Problem.of(
                        "activation-refused",
                        "Activation refused",
                        422,
                        "revision " + revision + " of rule set " + ruleSet + " failed its proof; nothing was activated")
                .withMessages(problems);
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Activation refused: " + getMessage());
    }
}
