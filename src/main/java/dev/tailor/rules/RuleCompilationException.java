package dev.tailor.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile; every message names its file and line. */
public class RuleCompilationException extends RuntimeException {

    private final String ruleSet;
    private final List<RuleMessage> messages;

    public RuleCompilationException(String ruleSet, List<RuleMessage> messages) {
        super("Rule set " + ruleSet + " does not compile:\n"
                + messages.stream().map(RuleMessage::toString).collect(Collectors.joining("\n")));
        this.ruleSet = ruleSet;
        this.messages = List.copyOf(messages);
    }

    public String ruleSet() {
        return ruleSet;
    }

    public List<RuleMessage> messages() {
        return messages;
    }
}
