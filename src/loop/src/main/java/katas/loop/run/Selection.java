package katas.loop.run;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tests a run picks, from {@code -Dtest=...}, the way Surefire reads it: comma-separated patterns, each a
 * class name with {@code *} wildcards ({@code Step02*}, {@code *Confinement*}, a simple or fully qualified name),
 * optionally followed by {@code #method} (also with wildcards). Empty means every test.
 */
public final class Selection {

    private record Part(Pattern type, Pattern method) {}

    private final List<Part> parts;
    private final String text;

    private Selection(List<Part> parts, String text) {
        this.parts = parts;
        this.text = text;
    }

    /** Every test. */
    public static Selection all() {
        return new Selection(List.of(), "");
    }

    /**
     * Parses {@code -Dtest} text; blank (or Maven's unreplaced {@code ${test}}) means every test.
     *
     * @throws IllegalArgumentException for a pattern with characters no class name has
     */
    public static Selection parse(String text) {
        if (text == null || text.isBlank() || text.strip().equals("${test}")) {
            return all();
        }
        List<Part> parts = new ArrayList<>();
        for (String raw : text.split(",")) {
            String p = raw.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("!")) {
                throw new IllegalArgumentException("-Dtest='" + text + "': exclusions (!) are not supported here;"
                        + " name the steps you want, e.g. -Dtest='Step02*,Step03*'");
            }
            String type = p;
            String method = "*";
            int hash = p.indexOf('#');
            if (hash >= 0) {
                type = p.substring(0, hash);
                method = p.substring(hash + 1).isEmpty() ? "*" : p.substring(hash + 1);
            }
            if (type.endsWith(".java") || type.endsWith(".class")) {
                type = type.substring(0, type.lastIndexOf('.'));
            }
            if (!type.matches("[\\w.$*?/]+") || !method.matches("[\\w$*?+]+")) {
                throw new IllegalArgumentException("-Dtest='" + text + "': '" + p + "' is not a test class pattern"
                        + " (e.g. Step03* or Step03*#countsOnOneThread)");
            }
            parts.add(new Part(glob(type.replace('/', '.')), glob(method.replace("+", ""))));
        }
        return new Selection(List.copyOf(parts), text.strip());
    }

    private static Pattern glob(String g) {
        StringBuilder r = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> r.append(".*");
                case '?' -> r.append('.');
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(r.toString());
    }

    public boolean isAll() {
        return parts.isEmpty();
    }

    /** Whether the test {@code method} of the top-level class {@code className} (fully qualified) is picked. */
    public boolean picks(String className, String method) {
        if (parts.isEmpty()) {
            return true;
        }
        String simple = className.substring(className.lastIndexOf('.') + 1);
        for (Part p : parts) {
            boolean type = p.type().matcher(simple).matches()
                    || p.type().matcher(className).matches();
            if (type && (method == null || p.method().matcher(method).matches())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return parts.isEmpty() ? "every test" : "-Dtest='" + text + "'";
    }
}
