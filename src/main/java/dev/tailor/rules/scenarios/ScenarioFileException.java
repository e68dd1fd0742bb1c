package dev.tailor.rules.scenarios;

import dev.tailor.rules.RuleMessage;
import java.util.List;
import java.util.stream.Collectors;

/** Scenario files that cannot be read, each problem at its file, line and column. */
public class ScenarioFileException extends IllegalArgumentException {

    private final List<RuleMessage> messages;

    public ScenarioFileException(List<RuleMessage> messages) {
        super(messages.stream().map(RuleMessage::toString).collect(Collectors.joining("\n")));
        this.messages = List.copyOf(messages);
    }

    public List<RuleMessage> messages() {
        return messages;
    }
}
