package dev.tailor.readme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares an answer with what the README shows under its command. JSON is compared as a structure: the same members
 * and elements with the same values, except the members the README names as varying from run to run (present, any
 * value). What the README leaves out is written {@code ...}: a member {@code ...} lets the object hold more members,
 * an element {@code ...} ends a list that may hold more, and a string ending in {@code ...} is the answer's start. An
 * answer shown with its status line and headers ({@code curl -i}) has the status line compared, and each header shown
 * (a varying one only for presence). Anything else is compared line by line, trailing spaces ignored.
 */
final class AnswerCheck {

    static final String LEFT_OUT = "...";
    /** Stands for {@code ...} once the README's answer is turned into JSON; no answer holds it. */
    private static final String LEFT_OUT_MARK = "\u0000left out\u0000";

    private static final Pattern VARYING = Pattern.compile("`([^`]+)`");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> varying;

    /** @param varying JSON member and header names whose values vary from run to run */
    AnswerCheck(Set<String> varying) {
        this.varying = Set.copyOf(varying);
    }

    /**
     * The values the README declares as varying: the names in backquotes after {@code not compared:} in the
     * paragraph that follows the marker {@code <!-- console-examples: values that vary -->}.
     *
     * @throws IllegalStateException when the README has no such paragraph
     */
    static Set<String> declaredIn(String readme) {
        String marker = "<!-- console-examples: values that vary -->";
        int at = readme.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("The README does not say which values of its examples vary (" + marker
                    + " and the paragraph after it)");
        }
        String rest = readme.substring(at + marker.length()).stripLeading();
        int end = rest.indexOf("\n\n");
        String paragraph = end < 0 ? rest : rest.substring(0, end);
        int list = paragraph.indexOf("not compared:");
        if (list < 0) {
            throw new IllegalStateException("The paragraph after " + marker + " lists no values after 'not compared:'");
        }
        Matcher names = VARYING.matcher(paragraph.substring(list));
        List<String> found = new ArrayList<>();
        while (names.find()) {
            found.add(names.group(1));
        }
        return Set.copyOf(found);
    }

    /** What differs between the answer the README shows and the actual one; empty when they agree. */
    List<String> differences(List<String> shown, String actual) {
        List<String> differences = new ArrayList<>();
        String expected = String.join("\n", shown);
        String body = actual;
        if (expected.startsWith("HTTP/")) {
            String[] expectedParts = expected.split("\n\\s*\n", 2);
            String[] actualParts = actual.replace("\r\n", "\n").split("\n\\s*\n", 2);
            compareHead(expectedParts[0], actualParts[0], differences);
            expected = expectedParts.length > 1 ? expectedParts[1] : "";
            body = actualParts.length > 1 ? actualParts[1] : "";
        }
        String trimmed = expected.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            compareJson(trimmed, body.strip(), differences);
        } else {
            compareLines(expected, body, differences);
        }
        return differences;
    }

    private void compareHead(String expected, String actual, List<String> differences) {
        List<String> expectedLines = expected.lines().toList();
        List<String> actualLines = actual.lines().toList();
        String status = actualLines.isEmpty() ? "" : actualLines.get(0).strip();
        if (!expectedLines.get(0).strip().equals(status)) {
            differences.add(
                    "status: the README shows '" + expectedLines.get(0).strip() + "', the answer is '" + status + "'");
        }
        for (String header : expectedLines.subList(1, expectedLines.size())) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).strip();
            String value = header.substring(colon + 1).strip();
            Optional<String> answered = actualLines.stream()
                    .skip(1)
                    .filter(l -> l.indexOf(':') > 0)
                    .filter(l -> l.substring(0, l.indexOf(':')).strip().equalsIgnoreCase(name))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst();
            if (answered.isEmpty()) {
                differences.add("header " + name + ": shown in the README, missing from the answer");
            } else if (!isVarying(name) && !answered.get().equals(value)) {
                differences.add("header " + name + ": the README shows '" + value + "', the answer has '"
                        + answered.get() + "'");
            }
        }
    }

    private boolean isVarying(String name) {
        return varying.stream().anyMatch(v -> v.equalsIgnoreCase(name));
    }

    private void compareJson(String expected, String actual, List<String> differences) {
        JsonNode shown;
        try {
            shown = JSON.readTree(markLeftOut(expected));
        } catch (JsonProcessingException e) {
            differences.add(
                    "the README's answer is not JSON, even with ... for what is left out: " + e.getOriginalMessage());
            return;
        }
        JsonNode answered;
        try {
            answered = JSON.readTree(actual);
        } catch (JsonProcessingException e) {
            differences.add("the answer is not JSON: " + abbreviate(actual));
            return;
        }
        if (answered == null) {
            differences.add("the answer is empty");
            return;
        }
        compare("$", shown, answered, differences);
    }

    private void compare(String path, JsonNode shown, JsonNode answered, List<String> differences) {
        if (shown.isObject()) {
            if (!answered.isObject()) {
                differences.add(path + ": the README shows an object, the answer has " + abbreviate(answered));
                return;
            }
            boolean open = shown.has(LEFT_OUT_MARK);
            for (Iterator<String> names = shown.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals(LEFT_OUT_MARK)) {
                    continue;
                }
                if (!answered.has(name)) {
                    differences.add(path + "." + name + ": shown in the README, missing from the answer");
                } else if (!varying.contains(name)) {
                    compare(path + "." + name, shown.get(name), answered.get(name), differences);
                }
            }
            if (!open) {
                for (Iterator<String> names = answered.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!shown.has(name)) {
                        differences.add(path + "." + name + ": in the answer (" + abbreviate(answered.get(name))
                                + "), not shown in the README (write ... for members left out)");
                    }
                }
            }
        } else if (shown.isArray()) {
            compareArray(path, (ArrayNode) shown, answered, differences);
        } else if (shown.isTextual()
                && shown.asText().endsWith(LEFT_OUT)
                && shown.asText().length() > 3) {
            String start = shown.asText().substring(0, shown.asText().length() - LEFT_OUT.length());
            if (!answered.isTextual() || !answered.asText().startsWith(start)) {
                differences.add(path + ": the README shows " + shown + ", the answer has " + abbreviate(answered));
            }
        } else if (shown.isNumber() && answered.isNumber()) {
            if (shown.decimalValue().compareTo(answered.decimalValue()) != 0) {
                differences.add(path + ": the README shows " + shown + ", the answer has " + answered);
            }
        } else if (!shown.equals(answered)) {
            differences.add(
                    path + ": the README shows " + abbreviate(shown) + ", the answer has " + abbreviate(answered));
        }
    }

    private void compareArray(String path, ArrayNode shown, JsonNode answered, List<String> differences) {
        if (!answered.isArray()) {
            differences.add(path + ": the README shows a list, the answer has " + abbreviate(answered));
            return;
        }
        int listed = shown.size();
        boolean open = listed > 0 && LEFT_OUT_MARK.equals(shown.get(listed - 1).asText(null));
        if (open) {
            listed--;
        }
        if (answered.size() < listed || !open && answered.size() != listed) {
            differences.add(path + ": the README shows " + listed + " element(s)" + (open ? " and more" : "")
                    + ", the answer has " + answered.size() + ": " + abbreviate(answered));
            return;
        }
        for (int i = 0; i < listed; i++) {
            compare(path + "[" + i + "]", shown.get(i), answered.get(i), differences);
        }
    }

    /** The README's answer as JSON: each {@code ...} outside strings becomes a member or an element of its own. */
    static String markLeftOut(String shown) {
        StringBuilder json = new StringBuilder();
        Deque<Character> open = new ArrayDeque<>();
        boolean inString = false;
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (inString) {
                json.append(c);
                if (c == '\\' && i + 1 < shown.length()) {
                    json.append(shown.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (shown.startsWith(LEFT_OUT, i)) {
                String mark = JSON.valueToTree(LEFT_OUT_MARK).toString();
                json.append(!open.isEmpty() && open.peek() == '{' ? mark + ":true" : mark);
                i += LEFT_OUT.length() - 1;
            } else {
                if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    open.push(c);
                } else if ((c == '}' || c == ']') && !open.isEmpty()) {
                    open.pop();
                }
                json.append(c);
            }
        }
        return json.toString();
    }

    private static void compareLines(String expected, String actual, List<String> differences) {
        List<String> shown = expected.lines().map(String::stripTrailing).toList();
        List<String> answered = actual.lines().map(String::stripTrailing).collect(Collectors.toList());
        while (!answered.isEmpty() && answered.get(answered.size() - 1).isEmpty()) {
            answered.remove(answered.size() - 1);
        }
        for (int i = 0; i < Math.max(shown.size(), answered.size()); i++) {
            String s = i < shown.size() ? shown.get(i) : null;
            String a = i < answered.size() ? answered.get(i) : null;
            if (s == null || !s.equals(a)) {
                differences.add("line " + (i + 1) + ": the README shows " + (s == null ? "nothing" : "'" + s + "'")
                        + ", the answer has " + (a == null ? "nothing" : "'" + a + "'"));
            }
        }
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
