package dev.tailor.bench;

import dev.tailor.rules.RuleSetSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Rule sets of a chosen size over the sample facts, for benchmarks. */
final class GeneratedRules {

    private GeneratedRules() {}

    /** The sample facts.yaml with {@code size} rules in the shapes analysts write. */
    static RuleSetSource ruleSet(String name, int size) throws Exception {
        StringBuilder drl = new StringBuilder("""
                package tailor.bench;
                import dev.tailor.facts.Customer;
                import dev.tailor.rules.Segment;
                import function dev.tailor.facts.Window.hours;
                import function dev.tailor.facts.Window.days;
                """);
        String[] categories = {"shoes", "bags", "hats", "coats"};
        for (int i = 0; i < size; i++) {
            String condition = switch (i % 5) {
                case 0 -> "count(\"Product Viewed\", days(" + (1 + i % 30) + ")) >= " + (1 + i % 7);
                case 1 ->
                    "count(\"Product Viewed\", \"category\", \"" + categories[i % 4] + "\", days(" + (1 + i % 7)
                            + ")) >= " + (1 + i % 3);
                case 2 -> "sum(\"Order Completed\", \"revenue\", days(" + (30 + i % 365) + ")) >= " + (50 * (i % 12));
                case 3 ->
                    "did(\"Product Added\", hours(" + (1 + i % 72) + ")), !did(\"Order Completed\", days("
                            + (1 + i % 60) + "))";
                default ->
                    "count(\"Email Opened\", days(" + (7 + i % 80) + ")) >= " + (i % 6)
                            + ", trait(\"loyalty_tier\", \"standard\") != \"gold\"";
            };
            drl.append("rule \"Bench")
                    .append(i)
                    .append("\"\nwhen\n    Customer( ")
                    .append(condition)
                    .append(" )\nthen\n    insert(Segment.marketing(\"bench_")
                    .append(i % 50)
                    .append("\")")
                    .append(i % 7 == 0 ? ".inGroup(\"g" + (i % 5) + "\", " + i + ")" : "")
                    .append(");\nend\n");
        }
        Map<String, byte[]> files = new TreeMap<>();
        files.put("facts.yaml", Files.readAllBytes(Path.of("rules", "marketing", "facts.yaml")));
        files.put("bench.drl", drl.toString().getBytes(StandardCharsets.UTF_8));
        return new RuleSetSource(name, new TreeMap<>(files));
    }
}
