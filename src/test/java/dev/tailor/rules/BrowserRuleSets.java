package dev.tailor.rules;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Small rule sets for the life-cycle tests: one rule putting customers with enough product views in a segment. */
public final class BrowserRuleSets {

    /** Scenarios (items of a tests/*.yaml list) that pass for a threshold of 3... */
    public static final String THREE_VIEWS_MAKE_A_BROWSER = """
            - name: three views make a browser
              events:
                - {at: -1h, event: Product Viewed}
                - {at: -2h, event: Product Viewed}
                - {at: -3h, event: Product Viewed}
              expect:
                - segments: [browser]
            """;

    public static final String TWO_VIEWS_DO_NOT = """
            - name: two views do not
              events:
                - {at: -1h, event: Product Viewed}
                - {at: -2h, event: Product Viewed}
              expect:
                - segments: []
            """;
    /** ...and one that fails: "at 0: segments expected [browser] but were []". */
    public static final String WRONGLY_EXPECTS_A_BROWSER = """
            - name: wrongly expects a browser after two views
              events:
                - {at: -1h, event: Product Viewed}
                - {at: -2h, event: Product Viewed}
              expect:
                - segments: [browser]
            """;

    private static final String FACTS = "events:\n  Product Viewed: {window: 7d}\n";

    private BrowserRuleSets() {}

    /**
     * The files of a rule set whose one rule puts browsers with {@code threshold}+ views in a week into
     * {@code segment}, then {@code extraFiles} as path and content pairs (scenarios under tests/, more rules).
     */
    public static Map<String, byte[]> files(String segment, int threshold, String... extraFiles) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("facts.yaml", FACTS.getBytes(StandardCharsets.UTF_8));
        files.put("browsing.drl", """
                package tailor.brand;
                import dev.tailor.facts.Customer;
                import dev.tailor.rules.Segment;
                import function dev.tailor.facts.Window.days;

                rule "Browser"
                when
                    Customer( count("Product Viewed", days(7)) >= %d )
                then
                    insert(Segment.marketing("%s"));
                end
                """.formatted(threshold, segment).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < extraFiles.length; i += 2) {
            files.put(extraFiles[i], extraFiles[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }
}
