package dev.tailor.rules;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A rule set that does not compile; every message names its file and line, in file and position order. */
public class RuleCompilationException extends ProblemException {

    private final String ruleSet;
    private final List<RuleMessage> messages;

    public RuleCompilationException(String ruleSet, List<RuleMessage> messages) {
        super("Rule set " + ruleSet + " does not compile:\n"
                + sorted(messages).stream().map(RuleMessage::toString).collect(Collectors.joining("\n")));
        this.ruleSet = ruleSet;
        this.messages = sorted(messages);
    }

    private static List<RuleMessage> sorted(List<RuleMessage> messages) {
        return messages.stream().sorted(CompilerMessages.ORDER).toList();
    }

    public String ruleSet() {
        return ruleSet;
    }

    public List<RuleMessage> messages() {
        return messages;
    }

    @Override
    public Problem problem() {
        return Problem.of(
                        "rule-set-does-not-compile",
                        "Rule set does not compile",
                        422,
                        messages.size() + " problem(s) in rule set " + ruleSet + "; the active revision is unchanged")
                .withMessages(messages);
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Rule set " + ruleSet + " refused: " + messages.size() + " compile message(s)");
    }
}
