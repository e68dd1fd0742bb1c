package dev.tailor.facts;

import java.util.List;

/** A facts.yaml that cannot be used; each problem names its place in the file. */
public class FactSchemaException extends RuntimeException {

    private final List<String> problems;

    public FactSchemaException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
