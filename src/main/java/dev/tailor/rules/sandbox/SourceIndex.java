package dev.tailor.rules.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AbstractClassTypeDeclarationDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * The rule files parsed by Drools' own DRL parser: what each declares (rules, queries, functions, globals, types),
 * where, and in which package. Used to check declarations before anything is compiled and to place a forbidden
 * reference found in the compiled classes back in the file, element and token it came from.
 */
final class SourceIndex {

    /** One rule, query, function, global or declared type of a rule file. */
    record Element(String kind, String name, String file, BaseDescr descr) {}

    record ParsedFile(String file, String text, PackageDescr descr) {}

    private final List<ParsedFile> files;
    /** By package, then by element name. */
    private final Map<String, Map<String, Element>> named = new LinkedHashMap<>();

    private final Map<String, Map<String, Element>> functions = new LinkedHashMap<>();
    private final Map<String, Map<String, Element>> types = new LinkedHashMap<>();

    private SourceIndex(List<ParsedFile> files) {
        this.files = files;
        for (ParsedFile parsed : files) {
            PackageDescr descr = parsed.descr();
            String pkg = descr.getNamespace();
            for (RuleDescr rule : descr.getRules()) {
                add(
                        named,
                        pkg,
                        new Element(
                                rule instanceof QueryDescr ? "query" : "rule", rule.getName(), parsed.file(), rule));
            }
            for (GlobalDescr global : descr.getGlobals()) {
                add(named, pkg, new Element("global", global.getIdentifier(), parsed.file(), global));
            }
            for (FunctionDescr function : descr.getFunctions()) {
                add(functions, pkg, new Element("function", function.getName(), parsed.file(), function));
            }
            for (AbstractClassTypeDeclarationDescr type : descr.getClassAndEnumDeclarationDescrs()) {
                add(types, pkg, new Element("declared type", type.getTypeName(), parsed.file(), type));
            }
        }
    }

    private static void add(Map<String, Map<String, Element>> index, String pkg, Element element) {
        index.computeIfAbsent(pkg, p -> new LinkedHashMap<>()).putIfAbsent(element.name(), element);
    }

    /**
     * Parses every file; a file that does not parse is left out (the compiler reports its syntax errors, and a file
     * that does not parse is not compiled).
     */
    static SourceIndex parse(Map<String, String> drlTexts) {
        List<ParsedFile> parsed = new ArrayList<>();
        drlTexts.forEach((file, text) -> {
            try {
                DrlParser parser = new DrlParser();
                PackageDescr descr = parser.parse(false, text);
                if (descr != null && !parser.hasErrors()) {
                    parsed.add(new ParsedFile(file, text, descr));
                }
            } catch (DroolsParserException e) {
                // reported by the compiler
            }
        });
        return new SourceIndex(parsed);
    }

    List<ParsedFile> files() {
        return files;
    }

    Optional<Element> named(String pkg, String name) {
        return Optional.ofNullable(named.getOrDefault(pkg, Map.of()).get(name));
    }

    Optional<Element> function(String pkg, String name) {
        return Optional.ofNullable(functions.getOrDefault(pkg, Map.of()).get(name));
    }

    Optional<Element> type(String pkg, String name) {
        return Optional.ofNullable(types.getOrDefault(pkg, Map.of()).get(name));
    }

    boolean declaresType(String pkg, String name) {
        return type(pkg, name).isPresent();
    }

    /** The first file of {@code pkg}, for what cannot be placed more precisely. */
    Optional<ParsedFile> firstFileOf(String pkg) {
        return files.stream().filter(f -> f.descr().getNamespace().equals(pkg)).findFirst();
    }

    /**
     * Where in {@code element} one of {@code tokens} first appears as a word (outside comments), or the element's
     * own position when none does.
     */
    Finding locate(Element element, List<String> tokens, String text) {
        String source = files.stream()
                .filter(f -> f.file().equals(element.file()))
                .findFirst()
                .map(ParsedFile::text)
                .orElse("");
        String code = DrlText.withoutComments(source);
        BaseDescr descr = element.descr();
        int start = Math.max(0, Math.min(descr.getStartCharacter(), code.length()));
        int end =
                descr.getEndCharacter() > start ? Math.min(descr.getEndCharacter() + 1, code.length()) : code.length();
        for (String token : tokens) {
            Matcher word = Pattern.compile("(?<![\\w$])" + Pattern.quote(token) + "(?![\\w$])")
                    .matcher(code);
            word.region(start, end);
            if (word.find()) {
                int[] position = DrlText.lineAndColumn(code, word.start());
                return new Finding(element.file(), position[0], position[1], text);
            }
        }
        int[] position = DrlText.lineAndColumn(code, start);
        return new Finding(
                element.file(),
                descr.getLine() > 0 ? descr.getLine() : position[0],
                descr.getLine() > 0 ? descr.getColumn() + 1 : position[1],
                text);
    }

    /** A declaration's own position. */
    static Finding at(String file, BaseDescr descr, String text) {
        return new Finding(file, Math.max(descr.getLine(), 0), descr.getLine() > 0 ? descr.getColumn() + 1 : 0, text);
    }
}
