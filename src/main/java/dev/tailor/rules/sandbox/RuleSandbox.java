package dev.tailor.rules.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps rule sets to the fact API. Two checks, both before any rule code runs: {@link #checkDeclarations()} on the
 * parsed rule files before Drools builds anything, and {@link #checkCompiled(Map)} on the bytecode Drools generated
 * (the executable model turns every constraint, consequence, function and declared type into Java classes) before
 * any of it is loaded. Each forbidden reference is reported at the file, line and column of the rule, function,
 * query, global or declared type it comes from.
 */
public final class RuleSandbox {

    private static final String PROJECT_MODEL = "org/drools/project/model/";

    private final SourceIndex index;

    private RuleSandbox(SourceIndex index) {
        this.index = index;
    }

    /** The rule set's files as DRL text by path (decision tables as the DRL Drools generates from them). */
    public static RuleSandbox of(Map<String, String> drlTexts) {
        return new RuleSandbox(SourceIndex.parse(drlTexts));
    }

    /** Forbidden imports, globals, declared types and accumulate functions, found before anything is built. */
    public List<Finding> checkDeclarations() {
        return DeclarationCheck.check(index);
    }

    /**
     * Forbidden references in the compiled classes.
     *
     * @param classes class file bytes by resource path ({@code a/b/C.class}); only read, never loaded
     */
    public List<Finding> checkCompiled(Map<String, byte[]> classes) {
        Map<String, ScannedClass> scanned = scan(classes);
        Map<String, Set<String>> callers = callers(scanned);
        Set<Finding> found = new LinkedHashSet<>();
        for (BytecodeCheck.Violation violation : BytecodeCheck.check(scanned)) {
            found.add(place(violation, scanned, callers));
        }
        return new ArrayList<>(found);
    }

    /** The rule file position a violation comes from: its element, and within it the token that names it. */
    private Finding place(
            BytecodeCheck.Violation violation, Map<String, ScannedClass> scanned, Map<String, Set<String>> callers) {
        String reference = violation.reference();
        return place(
                violation.className(),
                violation.method(),
                scanned,
                callers,
                tokens(reference),
                "uses " + reference + ", which is not allowed in rules: " + AllowList.SUMMARY,
                reference + " is not allowed in rules: " + AllowList.SUMMARY);
    }

    /**
     * Places what another check found in generated code: at the rule, function, query or declared type that
     * {@code className.method} was generated from, within it at the first of {@code tokens} it contains.
     *
     * @param classes every class the build generated, by resource path, as {@link #checkCompiled} takes them
     * @param what the finding after the element's name, e.g. {@code sets variable "tier", which ...}: the message
     *     reads {@code rule "Tier" sets variable "tier", which ...}
     * @param unplaced the message when no element can be found
     */
    public Finding locate(
            Map<String, byte[]> classes,
            String className,
            String method,
            List<String> tokens,
            String what,
            String unplaced) {
        Map<String, ScannedClass> scanned = scan(classes);
        return place(className, method, scanned, callers(scanned), tokens, what, unplaced);
    }

    /** The generated classes read, by internal name. */
    private static Map<String, ScannedClass> scan(Map<String, byte[]> classes) {
        Map<String, ScannedClass> scanned = new HashMap<>();
        classes.forEach((path, bytes) -> {
            // Drools' own module descriptor, made from the module Tailor writes; no rule file can put code in its
            // package (DeclarationCheck refuses rule packages under org.drools).
            if (!path.startsWith(PROJECT_MODEL)) {
                ScannedClass read = ScannedClass.read(bytes);
                scanned.put(read.name(), read);
            }
        });
        return scanned;
    }

    /** For each generated method ({@code owner.name}), the generated methods that call it or make a lambda of it. */
    private static Map<String, Set<String>> callers(Map<String, ScannedClass> scanned) {
        Map<String, Set<String>> callers = new HashMap<>();
        scanned.values()
                .forEach(c -> c.calls()
                        .forEach((method, called) ->
                                called.forEach(target -> callers.computeIfAbsent(target, t -> new HashSet<>())
                                        .add(c.name() + "." + method))));
        return callers;
    }

    private Finding place(
            String className,
            String method,
            Map<String, ScannedClass> scanned,
            Map<String, Set<String>> callers,
            List<String> tokens,
            String what,
            String unplaced) {
        int slash = className.lastIndexOf('/');
        String pkg = slash < 0 ? "" : className.substring(0, slash).replace('/', '.');
        String simple = className.substring(slash + 1);
        int dollar = simple.indexOf('$');
        String outer = dollar < 0 ? simple : simple.substring(0, dollar);
        Optional<SourceIndex.Element> element =
                index.type(pkg, outer).or(() -> owner(pkg, className + "." + method, scanned, callers));
        if (element.isEmpty()) {
            String file =
                    index.firstFileOf(pkg).map(SourceIndex.ParsedFile::file).orElse("");
            return new Finding(file, 0, 0, unplaced);
        }
        SourceIndex.Element where = element.get();
        return index.locate(where, tokens, where.kind() + " \"" + where.name() + "\" " + what);
    }

    /**
     * The rule, query, global or function whose generated code reaches {@code start}: methods are followed back to
     * their callers (a lambda to the rule method that makes it) until one names its element.
     */
    private Optional<SourceIndex.Element> owner(
            String pkg, String start, Map<String, ScannedClass> scanned, Map<String, Set<String>> callers) {
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>(queue);
        while (!queue.isEmpty()) {
            String current = queue.poll();
            int dot = current.lastIndexOf('.');
            String className = current.substring(0, dot);
            String method = current.substring(dot + 1);
            Optional<SourceIndex.Element> function = index.function(pkg, method);
            if (function.isPresent()) {
                return function;
            }
            if (method.startsWith("rule_") || method.startsWith("query_") || method.startsWith("<")) {
                ScannedClass owner = scanned.get(className);
                for (String constant :
                        owner == null ? List.<String>of() : owner.strings().getOrDefault(method, List.of())) {
                    Optional<SourceIndex.Element> named = index.named(pkg, constant);
                    if (named.isPresent()) {
                        return named;
                    }
                }
            }
            for (String caller : callers.getOrDefault(current, Set.of())) {
                if (seen.add(caller)) {
                    queue.add(caller);
                }
            }
        }
        return Optional.empty();
    }

    /** The words a rule author wrote for {@code reference}: the member, its property name, the class's name. */
    private static List<String> tokens(String reference) {
        List<String> tokens = new ArrayList<>();
        int dot = reference.lastIndexOf('.');
        String member = reference.substring(dot + 1);
        String owner = reference.substring(0, Math.max(dot, 0));
        boolean isType = !member.isEmpty() && Character.isUpperCase(member.charAt(0));
        if (!isType && !member.equals("<init>")) {
            tokens.add(member);
            for (String prefix : List.of("get", "is", "set")) {
                if (member.startsWith(prefix) && member.length() > prefix.length()) {
                    String property = member.substring(prefix.length());
                    tokens.add(Character.toLowerCase(property.charAt(0)) + property.substring(1));
                }
            }
        }
        String type = isType ? reference : owner;
        String simpleName = type.substring(type.lastIndexOf('.') + 1);
        tokens.add(simpleName.substring(simpleName.lastIndexOf('$') + 1));
        return tokens;
    }
}
