package dev.tailor.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.cli.Script;
import dev.tailor.readme.ConsoleExamples.Example;
import dev.tailor.rules.RuleSetArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The README's console examples are tests: each command (and those of docs/) is run as a reader runs it, in the order
 * written, through bash from a folder of its own, against a Tailor of its own started by {@code scripts/run.sh} on
 * empty services (a private Redis, a new database, new topics); its answer is compared with the lines written under
 * it ({@link AnswerCheck}, ignoring the values the README itself declares as varying). Examples that need a state get
 * it from the examples before them, as a reader's would. Before each command the instance has applied every event
 * accepted so far and re-decided its customers, as a reader looking at the answers would have waited; a read (a curl
 * that sends nothing) whose answer still differs is tried again for a while. An example whose answer the README does
 * not show must still answer 2xx, or the status its comment names ({@code # revoke: 204}). The examples that do not
 * talk to Tailor ({@code scripts/validate.sh}) run first, while it starts.
 * <p>
 * The curl on the PATH is the machine's, through a wrapper that adds only {@code -w} to write each answer's status
 * to stderr, where the test reads it. Files the README's examples name as the reader's own are made here:
 * {@code customers.csv} (src/test/resources/readme), {@code broken.zip} (the sample set with an event misspelt) and
 * the three broken copies of the sample set that the CI example validates.
 */
class ReadmeExamplesIT {

    /** Examples that cannot run here, each with its reason; any other example that is not run fails the test. */
    static final Map<String, String> NOT_RUNNABLE = Map.of(
            "curl -s -u tailor-local-dev-key: -XPOST localhost:8080/v1/webhooks/sendgrid "
                    + "-H 'content-type: application/json' -d '[]'",
            "needs Tailor started with a SendGrid verification key, and the SendGrid example before it one started "
                    + "without; SendGridSignedWebhookTest checks this answer");

    /** The example that validates three broken copies of the sample set, which it finds under rules/. */
    static final String BROKEN_COPIES_EXAMPLE =
            "scripts/validate.sh rules/ --junit target/rule-validation.xml; " + "echo \"exit $?\"";

    private static final String README_ADDRESS = "localhost:8080";
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);
    private static final Duration LOOK_AGAIN_FOR = Duration.ofSeconds(20);
    private static final Pattern STATUS = Pattern.compile("(?m)^tailor-readme-status (\\d{3})$");
    private static final Pattern SENDS = Pattern.compile("-X\\s*(POST|PUT|DELETE|PATCH)|\\s(-d|--data\\S*|-F)\\s");
    private static final List<String> LINKED = List.of("scripts", "src", "target", "pom.xml", "mvnw", ".mvn");

    /** What one command did. */
    private record Ran(int exit, String output, String errors, List<Integer> statuses) {}

    @Test
    void everyConsoleExampleAnswersAsTheReadmeShows() throws Exception {
        long started = System.nanoTime();
        Path root = Script.ROOT;
        List<Example> examples = ConsoleExamples.of(root);
        AnswerCheck check = new AnswerCheck(AnswerCheck.declaredIn(Files.readString(root.resolve("README.md"))));
        assertThat(examples)
                .extracting(Example::command)
                .containsAll(NOT_RUNNABLE.keySet())
                .contains(BROKEN_COPIES_EXAMPLE);
        Tools.ensure("curl", "zip", "jq");

        Path work = root.resolve("target").resolve("readme-examples");
        Files.createDirectories(work);
        Path bin = curlWrapper(work);
        Path sandbox = sandbox(work.resolve("sandbox"), root.resolve("rules"));
        Files.copy(root.resolve("src/test/resources/readme/customers.csv"), sandbox.resolve("customers.csv"));
        Files.write(sandbox.resolve("broken.zip"), brokenZip(root));
        Path brokenCopies = sandbox(work.resolve("broken-copies"), brokenCopies(work.resolve("broken-rules"), root));

        Map<Example, List<String>> failures = new LinkedHashMap<>();
        int run = 0;
        int compared = 0;
        long ready = 0;
        try (ReadmeInstance tailor = ReadmeInstance.start(work)) {
            List<Example> offline = examples.stream()
                    .filter(e -> !e.command().contains(README_ADDRESS))
                    .toList();
            List<Example> online = examples.stream()
                    .filter(e -> e.command().contains(README_ADDRESS))
                    .toList();
            for (List<Example> part : List.of(offline, online)) {
                if (part == online) {
                    tailor.awaitReady();
                    ready = System.nanoTime();
                }
                for (Example example : part) {
                    if (NOT_RUNNABLE.containsKey(example.command())) {
                        continue;
                    }
                    if (part == online) {
                        tailor.settle();
                    }
                    Path dir = example.command().equals(BROKEN_COPIES_EXAMPLE) ? brokenCopies : sandbox;
                    String command = example.command().replace(README_ADDRESS, "localhost:" + tailor.port());
                    Callable<List<String>> differing = () -> verdict(example, check, execute(command, dir, bin));
                    List<String> differences = differing.call();
                    if (!differences.isEmpty() && isRead(example)) {
                        differences = lookAgain(differing);
                    }
                    run++;
                    compared += example.answerShown() ? 1 : 0;
                    if (!differences.isEmpty()) {
                        failures.put(example, differences);
                    }
                }
            }
        }
        System.out.printf(
                "README examples: %d found, %d run, %d compared with the answer shown, %d listed as not "
                        + "runnable; %d s in all, Tailor ready after %d s%n",
                examples.size(),
                run,
                compared,
                NOT_RUNNABLE.size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                Duration.ofNanos(ready - started).toSeconds());
        StringBuilder report = new StringBuilder();
        failures.forEach((example, differences) -> report.append('\n')
                .append(example.where())
                .append(" $ ")
                .append(example.shortly())
                .append("\n    ")
                .append(String.join("\n    ", differences)));
        assertThat(failures)
                .as("examples whose answers differ from the README's:%s", report)
                .isEmpty();
        assertThat(run + NOT_RUNNABLE.size()).as("every example run or listed").isEqualTo(examples.size());
    }

    /** What differs from what the README says of the example; empty when nothing does. */
    private static List<String> verdict(Example example, AnswerCheck check, Ran ran) {
        List<String> differences = new ArrayList<>();
        if (ran.exit() != 0) {
            differences.add("exit status " + ran.exit() + ": " + ran.errors().strip());
        }
        for (int status : ran.statuses()) {
            if (status >= 500) {
                differences.add("HTTP status " + status + ": " + ran.output());
            } else if (!example.answerShown() && example.status().isPresent()) {
                if (status != example.status().getAsInt()) {
                    differences.add("HTTP status " + status + ", the README's comment says "
                            + example.status().getAsInt() + ": " + ran.output());
                }
            } else if (!example.answerShown() && (status < 200 || status > 299)) {
                differences.add(
                        "HTTP status " + status + " (the README shows no answer, so a success): " + ran.output());
            }
        }
        if (example.answerShown()) {
            differences.addAll(check.differences(example.answer(), ran.output()));
        }
        return differences;
    }

    /** A curl command that sends nothing, so that running it again changes nothing. */
    private static boolean isRead(Example example) {
        return example.command().startsWith("curl ")
                && !SENDS.matcher(example.command() + " ").find();
    }

    private static Ran execute(String command, Path dir, Path bin) throws Exception {
        Path out = Files.createTempFile(dir.getParent(), "out-", ".txt");
        Path err = Files.createTempFile(dir.getParent(), "err-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process process = builder.start();
            if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                return new Ran(-1, Files.readString(out), "did not end within " + COMMAND_LIMIT, List.of());
            }
            String errors = Files.readString(err, StandardCharsets.UTF_8);
            List<Integer> statuses = new ArrayList<>();
            Matcher status = STATUS.matcher(errors);
            while (status.find()) {
                statuses.add(Integer.parseInt(status.group(1)));
            }
            return new Ran(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    STATUS.matcher(errors).replaceAll(""),
                    statuses);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A folder holding only a curl that runs the machine's, adding {@code -w} to write the status to stderr. */
    private static Path curlWrapper(Path work) throws Exception {
        Process which = new ProcessBuilder("bash", "-c", "command -v curl").start();
        String curl = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(which.waitFor()).as("curl on the PATH").isZero();
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path wrapper = bin.resolve("curl");
        Files.writeString(
                wrapper,
                "#!/usr/bin/env bash\n" + "exec " + curl
                        + " -w '%{stderr}\\ntailor-readme-status %{http_code}\\n' \"$@\"\n");
        assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        return bin;
    }

    /** An empty folder with the project's scripts, sources and build linked in, and {@code rules} linked to. */
    private static Path sandbox(Path dir, Path rules) throws IOException {
        delete(dir);
        Files.createDirectories(dir);
        for (String name : LINKED) {
            Files.createSymbolicLink(dir.resolve(name), Script.ROOT.resolve(name));
        }
        Files.createSymbolicLink(dir.resolve("rules"), rules);
        return dir;
    }

    /** The sample set zipped, with one event misspelt in segments.drl. */
    private static byte[] brokenZip(Path root) throws IOException {
        Path sample = root.resolve("rules").resolve("marketing");
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(sample)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(sample.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        files.put(
                "segments.drl",
                replaceFirst(
                                new String(files.get("segments.drl"), StandardCharsets.UTF_8),
                                "count(\"Product Viewed\", days(7)) >= 3",
                                "count(\"Product Viewd\", days(7)) >= 3")
                        .getBytes(StandardCharsets.UTF_8));
        return RuleSetArchive.zip(files);
    }

    /** The three broken copies of the sample set the README's CI example names: typo, syntax, scenario. */
    private static Path brokenCopies(Path dir, Path root) throws IOException {
        delete(dir);
        Path sample = root.resolve("rules").resolve("marketing");
        for (String name : List.of("typo", "syntax", "scenario")) {
            try (Stream<Path> paths = Files.walk(sample)) {
                for (Path path : paths.toList()) {
                    Path copy =
                            dir.resolve(name).resolve(sample.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(path, copy);
                    }
                }
            }
        }
        breakFile(
                dir.resolve("typo/segments.drl"),
                "count(\"Product Viewed\", days(7)) >= 3",
                "count(\"Product Viewd\", days(7)) >= 3");
        breakFile(
                dir.resolve("syntax/lifecycle.drl"),
                "Customer( did(\"Order Completed\", days(90)) )",
                "Customer( did(\"Order Completed\", days(90)) ");
        breakFile(
                dir.resolve("scenario/tests/browsing.yaml"), "segments: [recent_browser]", "segments: [shoe_browser]");
        return dir;
    }

    private static void breakFile(Path file, String from, String to) throws IOException {
        Files.writeString(file, replaceFirst(Files.readString(file), from, to));
    }

    private static String replaceFirst(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("'%s' in the sample set", from).isNotNegative();
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    /** The differences of an example asked again for a while, until there are none; the last ones when time is up. */
    private static List<String> lookAgain(Callable<List<String>> differing) {
        AtomicReference<List<String>> last = new AtomicReference<>();
        try {
            await().atMost(LOOK_AGAIN_FOR).pollInterval(Duration.ofMillis(500)).until(() -> {
                last.set(differing.call());
                return last.get().isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // the last differences are the example's failure
        }
        return last.get();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * The command-line tools the README's examples use. Installing them on a fresh machine is .ci/run's job, not a
     * test's: a missing one fails here, by name, before any example runs.
     */
    private static final class Tools {
        static void ensure(String... tools) throws Exception {
            for (String tool : tools) {
                int found = new ProcessBuilder("bash", "-c", "command -v " + tool)
                        .start()
                        .waitFor();
                assertThat(found)
                        .as("%s, which the README's examples use, is not installed (.ci/run installs it)", tool)
                        .isZero();
            }
        }
    }
}
