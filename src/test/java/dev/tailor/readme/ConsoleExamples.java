package dev.tailor.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code console} examples of the README and of the Markdown files under docs/: each {@code $ } command, with
 * its continuation lines (a trailing backslash, or a quote still open), and the answer written under it, up to the
 * next command or the end of the block.
 */
final class ConsoleExamples {

    /** A status a command's comment documents, e.g. {@code # revoke: 204}. */
    private static final Pattern DOCUMENTED_STATUS = Pattern.compile("\\b([1-5]\\d\\d)\\b");
    /** A Markdown link's target, without its {@code #anchor}: {@code [text](docs/ingest.md#errors)}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)\\s]*)?\\)");

    private ConsoleExamples() {}

    /**
     * One example.
     *
     * @param file where it is written, relative to the project's root
     * @param line the line of its {@code $}, 1-based
     * @param section the heading it stands under
     * @param command the command as written, without {@code $ }, continuation lines included
     * @param answer the lines written under it (none when the README shows no answer)
     * @param status the HTTP status its comment names, if any
     */
    record Example(String file, int line, String section, String command, List<String> answer, OptionalInt status) {

        boolean answerShown() {
            return !answer.isEmpty();
        }

        String where() {
            return file + ":" + line;
        }

        /** The command's first line, enough to recognise it in a report. */
        String shortly() {
            String first = command.lines().findFirst().orElse("");
            return first.length() > 100 ? first.substring(0, 100) + "..." : first;
        }
    }

    /**
     * Every example of README.md, then of docs/ in {@linkplain #docsInReadingOrder reading order}, under
     * {@code root}.
     */
    static List<Example> of(Path root) {
        Path base = root.toAbsolutePath().normalize();
        Path readme = base.resolve("README.md");
        List<Path> files = new ArrayList<>();
        files.add(readme);
        files.addAll(docsInReadingOrder(base, read(readme)));
        List<Example> examples = new ArrayList<>();
        for (Path file : files) {
            examples.addAll(parse(base.relativize(file).toString(), read(file)));
        }
        return examples;
    }

    /**
     * The Markdown files under {@code root}'s docs/ in the order a reader meets them: those the README links, in the
     * order of their first link, then the others in path order. The README's sections moved to docs/ in this order,
     * and an example may need the state that earlier ones made.
     */
    static List<Path> docsInReadingOrder(Path root, String readme) {
        Path base = root.toAbsolutePath().normalize();
        Path docs = base.resolve("docs");
        if (!Files.isDirectory(docs)) {
            return List.of();
        }
        List<Path> all;
        try (Stream<Path> paths = Files.walk(docs)) {
            all = paths.filter(p -> p.toString().endsWith(".md"))
                    .map(Path::normalize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<Path> ordered = new LinkedHashSet<>();
        Matcher link = LINK.matcher(readme);
        while (link.find()) {
            Path target = base.resolve(link.group(1)).normalize();
            if (all.contains(target)) {
                ordered.add(target);
            }
        }
        ordered.addAll(all);
        return List.copyOf(ordered);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The examples of one Markdown text. */
    static List<Example> parse(String file, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Example> examples = new ArrayList<>();
        String section = "";
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                int end = closingFence(lines, i);
                if (line.equals("```console")) {
                    examples.addAll(block(file, section, lines, i + 1, end));
                }
                i = end + 1;
                continue;
            }
            if (line.startsWith("#")) {
                section = line.replaceFirst("^#+\\s*", "");
            }
            i++;
        }
        return examples;
    }

    private static int closingFence(List<String> lines, int opening) {
        for (int i = opening + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) {
                return i;
            }
        }
        return lines.size();
    }

    /** The examples of the block's lines {@code from} (inclusive) to {@code to} (exclusive). */
    private static List<Example> block(String file, String section, List<String> lines, int from, int to) {
        List<Example> examples = new ArrayList<>();
        int i = from;
        while (i < to) {
            if (!lines.get(i).startsWith("$ ")) {
                i++;
                continue;
            }
            int start = i;
            StringBuilder command = new StringBuilder(lines.get(i).substring(2));
            while (continues(command.toString()) && i + 1 < to) {
                command.append('\n').append(lines.get(++i));
            }
            List<String> answer = new ArrayList<>();
            while (i + 1 < to && !lines.get(i + 1).startsWith("$ ")) {
                answer.add(lines.get(++i));
            }
            while (!answer.isEmpty() && answer.get(answer.size() - 1).isBlank()) {
                answer.remove(answer.size() - 1);
            }
            i++;
            String text = command.toString();
            examples.add(new Example(file, start + 1, section, text, List.copyOf(answer), documentedStatus(text)));
        }
        return examples;
    }

    /** Whether a command goes on to the next line: a quote is still open, or the line ends with a backslash. */
    static boolean continues(String command) {
        Shell shell = Shell.scan(command);
        return shell.openQuote != 0 || shell.escapedNewline;
    }

    /** The status named in the command's comment (the part after a {@code #} outside quotes), if any. */
    static OptionalInt documentedStatus(String command) {
        int comment = Shell.scan(command).comment;
        if (comment < 0) {
            return OptionalInt.empty();
        }
        Matcher status = DOCUMENTED_STATUS.matcher(command.substring(comment));
        return status.find() ? OptionalInt.of(Integer.parseInt(status.group(1))) : OptionalInt.empty();
    }

    /** What bash would make of a command's quotes, as far as these examples need. */
    private static final class Shell {
        char openQuote;
        boolean escapedNewline;
        int comment = -1;

        static Shell scan(String text) {
            Shell shell = new Shell();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (shell.openQuote == '\'') {
                    if (c == '\'') {
                        shell.openQuote = 0;
                    }
                } else if (shell.openQuote == '"') {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        shell.openQuote = 0;
                    }
                } else if (c == '\\') {
                    shell.escapedNewline = i == text.length() - 1;
                    i++;
                } else if (c == '\'' || c == '"') {
                    shell.openQuote = c;
                } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                    // A comment runs to the end of its line, quotes and backslashes included.
                    shell.comment = shell.comment < 0 ? i : shell.comment;
                    int end = text.indexOf('\n', i);
                    i = end < 0 ? text.length() : end - 1;
                }
            }
            return shell;
        }
    }
}
