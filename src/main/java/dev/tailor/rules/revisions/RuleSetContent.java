package dev.tailor.rules.revisions;

import dev.tailor.rules.RuleMessage;
import dev.tailor.rules.RuleSetArchive;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.scenarios.Scenario;
import dev.tailor.rules.scenarios.ScenarioFileException;
import dev.tailor.rules.scenarios.ScenarioFiles;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a revision holds: the rules ({@link RuleSetSource}: rule files and facts.yaml) and the scenario files
 * ({@code tests/*.yaml}) that every activation of it runs. Other files of a folder or an upload are left out.
 *
 * <p>Its sha256 covers the scenario files too: a revision is immutable, so the proof an activation runs must be part
 * of what the hash names (with the rules only, an upload changing only a scenario would answer the existing revision
 * and its scenario would be lost). Content without scenarios hashes as its rules do, so a revision stored without
 * them keeps its identity.
 */
public record RuleSetContent(RuleSetSource rules, SortedMap<String, byte[]> scenarioFiles) {

    public RuleSetContent {
        scenarioFiles = Collections.unmodifiableSortedMap(new TreeMap<>(scenarioFiles));
    }

    /** The content among {@code files} (a folder's or an upload's, by relative path). */
    public static RuleSetContent of(String name, Map<String, byte[]> files) {
        return new RuleSetContent(RuleSetSource.fromFiles(name, files), RuleSetSource.scenarioFiles(files));
    }

    /** Rules without scenarios. */
    public static RuleSetContent of(RuleSetSource rules) {
        return new RuleSetContent(rules, new TreeMap<>());
    }

    /** A rule set folder's content; the folder name is the rule set's name. */
    public static RuleSetContent fromDirectory(Path dir) {
        return of(dir.getFileName().toString(), RuleSetSource.folderFiles(dir));
    }

    /** A stored revision's content. */
    public static RuleSetContent of(RuleSetRevision revision) {
        return of(revision.name, RuleSetArchive.unzip(revision.archive));
    }

    public String name() {
        return rules.name();
    }

    /** Every file, rules and scenarios, by path. */
    public SortedMap<String, byte[]> files() {
        SortedMap<String, byte[]> all = new TreeMap<>(rules.files());
        all.putAll(scenarioFiles);
        return all;
    }

    public String sha256() {
        return RuleSetSource.sha256(files());
    }

    /** The scenarios, in file order; a {@link ScenarioFileException} names every problem at its line and column. */
    public List<Scenario> scenarios() {
        return ScenarioFiles.parse(scenarioFiles);
    }

    /** What {@link ScenarioFileException} says, one line per problem, in the form of a compiler message. */
    static List<String> describe(ScenarioFileException e) {
        return e.messages().stream()
                .map(RuleMessage::toString)
                .map(message -> "scenario file " + message)
                .toList();
    }
}
