package dev.tailor.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile; every message names its file and line, in file and position order. */
public class RuleCompilationException extends RuntimeException {

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
}
