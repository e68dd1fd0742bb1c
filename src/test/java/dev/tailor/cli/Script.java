package dev.tailor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's scripts run as a user runs it: a separate process from the project's root, its output
 * (stdout and stderr together) kept in a file under target/ for when a test fails.
 */
public final class Script {

    public static final Path ROOT = Path.of("").toAbsolutePath();

    private Script() {}

    /** What a finished script did. */
    public record Run(int exit, String output) {}

    /** Starts {@code command} (a path relative to the project root, then its arguments) with extra environment. */
    public static Process start(Map<String, String> environment, Path log, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of("bash"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs {@code command} to its end, at most {@code limit}; a script still running then is killed and fails. */
    public static Run run(Map<String, String> environment, Duration limit, String... command) throws Exception {
        Path log = log(command[0]);
        Process process = start(environment, log, command);
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end within " + limit + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    public static Path log(String script) throws IOException {
        Path dir = Files.createDirectories(ROOT.resolve("target").resolve("script-runs"));
        return Files.createTempFile(dir, Path.of(script).getFileName().toString() + "-", ".log");
    }
}
