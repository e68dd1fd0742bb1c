package dev.tailor.rules.scenarios;

import dev.tailor.rules.RuleMessage;
import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Scenario files that cannot be read, each problem at its file, line and column. */
public class ScenarioFileException extends ProblemException {

    private final List<RuleMessage> messages;

    public ScenarioFileException(List<RuleMessage> messages) {
        super(messages.stream().map(RuleMessage::toString).collect(Collectors.joining("\n")));
        this.messages = List.copyOf(messages);
    }

    public List<RuleMessage> messages() {
        return messages;
    }

    @Override
    public Problem problem() {
        return Problem.of(
                        "scenario-files-unreadable",
                        "Scenario files cannot be read",
                        422,
                        messages.size() + " problem(s) in the scenario files; no scenario ran")
                .withMessages(messages);
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Scenario files refused: " + messages.size() + " message(s)");
    }
}
