package dev.popdyn.core.params;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds a key assigned twice in one HOCON text. HOCON merges duplicate keys silently (the last value wins, HOCON
 * spec "Duplicate keys and object merging"), so a config that sets {@code population} twice would run with the value
 * further down without a word; popdyn refuses it. Objects opened twice merge as HOCON intends ({@code fast { lr = 1 }}
 * and {@code fast { steps = 2 }} are fine); a leaf path — a key with a scalar, list or substitution value — may be
 * set once. Appends ({@code +=}) and includes are not assignments. Objects inside lists are separate namespaces.
 * A small scanner over the raw text: comments, quoted and triple-quoted strings and {@code ${…}} are skipped; the
 * text is known to parse (HOCON syntax errors are reported before). Stateless and thread-safe.
 */
final class DuplicateKeys {
    private final String s;
    private final Map<String, Integer> leafLines = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private int pos;
    private int line = 1;
    private int lists;

    private DuplicateKeys(String text) {
        this.s = text;
    }

    /** Throws an {@link InvalidConfigException} naming the first leaf key assigned twice in {@code text}. */
    static void check(String text, String fileName) {
        new DuplicateKeys(text).scan(fileName);
    }

    private void scan(String fileName) {
        stack.push("");
        while (true) {
            skipSpace(true);
            if (pos >= s.length()) {
                return;
            }
            char c = s.charAt(pos);
            String top = stack.peek();
            if (c == '}' || c == ']') {
                pos++;
                if (stack.size() > 1) {
                    stack.pop();
                }
            } else if (top.startsWith("[") && !top.endsWith(".")) {
                arrayElement();
            } else if (c == '{') {
                pos++;
                stack.push(top);
            } else {
                entry(top, fileName);
            }
        }
    }

    private void arrayElement() {
        char c = s.charAt(pos);
        if (c == '{') {
            pos++;
            stack.push("[" + (lists++) + "].");
        } else if (c == '[') {
            pos++;
            stack.push("[" + (lists++) + "]");
        } else {
            scalar();
        }
    }

    private void entry(String prefix, String fileName) {
        if (s.startsWith("include", pos) && pos + 7 < s.length() && (s.charAt(pos + 7) == ' '
                || s.charAt(pos + 7) == '\t')) {
            scalar();
            return;
        }
        String key = key();
        skipSpace(false);
        String path = prefix + key;
        if (pos >= s.length()) {
            return;
        }
        char c = s.charAt(pos);
        boolean append = s.startsWith("+=", pos);
        if (c == '{') {
            pos++;
            stack.push(path + ".");
            return;
        }
        if (c == ':' || c == '=' || append) {
            pos += append ? 2 : 1;
            skipSpace(false);
        }
        int at = line;
        if (pos < s.length() && s.charAt(pos) == '{') {
            pos++;
            stack.push(path + ".");
            return;
        }
        if (pos < s.length() && s.charAt(pos) == '[') {
            pos++;
            stack.push("[" + (lists++) + "]");
        } else {
            scalar();
        }
        if (append || key.isEmpty()) {
            return;
        }
        Integer first = leafLines.putIfAbsent(path, at);
        if (first != null) {
            throw new InvalidConfigException(path, "set twice in " + fileName + " (lines " + first + " and " + at
                    + "; HOCON would silently keep the last)", "each key once per file");
        }
    }

    /** A key: unquoted or quoted segments up to the separator, object start or end of line. */
    private String key() {
        StringBuilder k = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                k.append(quoted());
            } else if (c == ':' || c == '=' || c == '{' || c == '\n' || c == ',' || c == '}' || c == '#'
                    || s.startsWith("+=", pos) || s.startsWith("//", pos)) {
                break;
            } else {
                k.append(c);
                pos++;
            }
        }
        return k.toString().strip();
    }

    /** Skips a value up to the end of its line, a comma or a closing bracket; an object or list after it opens. */
    private void scalar() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\n' || c == ',' || c == '}' || c == ']' || c == '#' || s.startsWith("//", pos)) {
                return;
            }
            if (c == '{' || c == '[') {
                pos++;
                stack.push("[" + (lists++) + "]" + (c == '{' ? "." : ""));
                return;
            }
            if (c == '"') {
                quoted();
            } else if (s.startsWith("${", pos)) {
                int end = s.indexOf('}', pos);
                pos = end < 0 ? s.length() : end + 1;
            } else {
                pos++;
            }
        }
    }

    /** A quoted or triple-quoted string starting at pos; returns its content. */
    private String quoted() {
        if (s.startsWith("\"\"\"", pos)) {
            int end = s.indexOf("\"\"\"", pos + 3);
            end = end < 0 ? s.length() : end;
            String body = s.substring(pos + 3, end);
            line += (int) body.chars().filter(ch -> ch == '\n').count();
            pos = Math.min(s.length(), end + 3);
            return body;
        }
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < s.length() && s.charAt(pos) != '"') {
            if (s.charAt(pos) == '\\' && pos + 1 < s.length()) {
                pos++;
            }
            b.append(s.charAt(pos));
            pos++;
        }
        pos++;
        return b.toString();
    }

    /** Skips blanks, comments and (if {@code newlines}) line breaks and commas. */
    private void skipSpace(boolean newlines) {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '#' || s.startsWith("//", pos)) {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '\n' && newlines) {
                line++;
                pos++;
            } else if ((c == ',' && newlines) || (c != '\n' && Character.isWhitespace(c))) {
                pos++;
            } else {
                return;
            }
        }
    }
}
