package katas.tools.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A known-wrong version as one patch: header lines {@code key: value} ({@code mistake}, {@code failure.mentions},
 * optionally {@code tests} and {@code base}), then a unified diff against the base, paths relative to the solution's
 * {@code src/main/java} ({@code --- a/katas/x/Y.java}). {@link #apply} applies a file's hunks exactly: every context
 * and removed line must match (a hunk may only move, as a whole, when lines above it were added or removed); no fuzz.
 * {@link #diff} writes a unified diff with three lines of context.
 */
public final class Patch {

    /** One hunk: the lines it expects at {@code oldStart} (1-based), each prefixed by ' ', '-' or '+'. */
    public record Hunk(int oldStart, String header, List<String> lines) {}

    /** A file's hunks; {@code path} is relative to {@code src/main/java}. */
    public record FilePatch(String path, List<Hunk> hunks) {}

    /** A hunk that does not apply, named as the maintainer sees it in the patch. */
    public static final class DoesNotApply extends Exception {
        private static final long serialVersionUID = 1L;

        DoesNotApply(String message) {
            super(message);
        }
    }

    private final Map<String, String> header;
    private final List<FilePatch> files;

    private Patch(Map<String, String> header, List<FilePatch> files) {
        this.header = header;
        this.files = files;
    }

    public Map<String, String> header() {
        return header;
    }

    public List<FilePatch> files() {
        return files;
    }

    /** Reads a patch; throws {@link IllegalArgumentException} naming the line that is not a patch's. */
    public static Patch parse(String text) {
        Map<String, String> header = new LinkedHashMap<>();
        List<FilePatch> files = new ArrayList<>();
        List<String> lines = lines(text);
        int i = 0;
        while (i < lines.size()
                && !lines.get(i).startsWith("--- ")
                && !lines.get(i).startsWith("diff ")) {
            String line = lines.get(i++);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("line " + i + " is neither 'key: value' nor a diff: " + line);
            }
            header.put(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        List<Hunk> hunks = null;
        while (i < lines.size()) {
            String line = lines.get(i++);
            if (line.startsWith("--- ")) {
                if (i >= lines.size() || !lines.get(i).startsWith("+++ ")) {
                    throw new IllegalArgumentException("line " + i + ": '--- ' without '+++ ' after it");
                }
                i++;
                hunks = new ArrayList<>();
                files.add(new FilePatch(path(line.substring(4)), hunks));
            } else if (line.startsWith("@@ ")) {
                if (hunks == null) {
                    throw new IllegalArgumentException("line " + i + ": a hunk before any '--- a/<file>' line");
                }
                int[] counts = counts(line, i);
                List<String> body = new ArrayList<>();
                int old = 0;
                int added = 0;
                while ((old < counts[1] || added < counts[3]) && i < lines.size()) {
                    String b = lines.get(i++);
                    if (b.startsWith("\\")) {
                        continue; // "\ No newline at end of file"
                    }
                    char c = b.isEmpty() ? ' ' : b.charAt(0);
                    if (c != ' ' && c != '-' && c != '+') {
                        throw new IllegalArgumentException("line " + i + " in hunk " + line + ": " + b);
                    }
                    body.add(b.isEmpty() ? " " : b);
                    old += c == '+' ? 0 : 1;
                    added += c == '-' ? 0 : 1;
                }
                if (old != counts[1] || added != counts[3]) {
                    throw new IllegalArgumentException("hunk " + line + " is cut short: the patch ends inside it");
                }
                hunks.add(new Hunk(counts[0], line, body));
            } else if (!line.isBlank() && hunks == null && !line.startsWith("diff ") && !line.startsWith("index ")) {
                throw new IllegalArgumentException("line " + i + " is not part of a unified diff: " + line);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no diff in it (no '--- a/<file>' line)");
        }
        return new Patch(header, files);
    }

    /** Applies a file's hunks to its base text; the exception names the hunk that does not apply, and why. */
    public static String apply(String base, FilePatch file) throws DoesNotApply {
        List<String> in = lines(base);
        List<String> out = new ArrayList<>();
        int next = 0; // first base line not yet copied
        int shift = 0; // how far the hunks before moved
        for (int h = 0; h < file.hunks().size(); h++) {
            Hunk hunk = file.hunks().get(h);
            List<String> old = hunk.lines().stream()
                    .filter(l -> l.charAt(0) != '+')
                    .map(l -> l.substring(1))
                    .toList();
            int wanted = Math.max(0, hunk.oldStart() - 1 + shift) + (old.isEmpty() && hunk.oldStart() > 0 ? 1 : 0);
            int at = find(in, old, wanted, next);
            if (at < 0) {
                throw new DoesNotApply("hunk " + (h + 1) + " of " + file.hunks().size() + " (" + hunk.header() + ") of "
                        + file.path() + " does not apply: " + mismatch(in, old, wanted));
            }
            shift = at - (hunk.oldStart() - 1);
            out.addAll(in.subList(next, at));
            hunk.lines().stream()
                    .filter(l -> l.charAt(0) != '-')
                    .map(l -> l.substring(1))
                    .forEach(out::add);
            next = at + old.size();
        }
        out.addAll(in.subList(next, in.size()));
        return String.join("\n", out) + (out.isEmpty() ? "" : "\n");
    }

    /** A unified diff of one file ({@code path} relative to {@code src/main/java}), three lines of context. */
    public static String diff(String path, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // The edit script: ' ' kept, '-' removed, '+' added, each with its line and its positions in a and b.
        List<String> ops = new ArrayList<>();
        List<int[]> at = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(" " + a.get(i));
                at.add(new int[] {i++, j++});
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add("-" + a.get(i));
                at.add(new int[] {i++, j});
            } else {
                ops.add("+" + b.get(j));
                at.add(new int[] {i, j++});
            }
        }
        StringBuilder text = new StringBuilder();
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k).charAt(0) == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - 3);
            int end = k;
            // Extend while the next change is within 6 unchanged lines (two contexts of 3 touch).
            while (true) {
                int e = end;
                while (e < ops.size() && ops.get(e).charAt(0) != ' ') {
                    e++;
                }
                int same = e;
                while (same < ops.size() && ops.get(same).charAt(0) == ' ') {
                    same++;
                }
                if (same < ops.size() && same - e <= 6) {
                    end = same;
                } else {
                    end = Math.min(ops.size(), e + 3);
                    break;
                }
            }
            List<String> body = ops.subList(start, end);
            long oldCount = body.stream().filter(l -> l.charAt(0) != '+').count();
            long newCount = body.stream().filter(l -> l.charAt(0) != '-').count();
            int oldStart = oldCount == 0 ? at.get(start)[0] : at.get(start)[0] + 1;
            int newStart = newCount == 0 ? at.get(start)[1] : at.get(start)[1] + 1;
            if (text.length() == 0) {
                text.append("--- a/").append(path).append('\n');
                text.append("+++ b/").append(path).append('\n');
            }
            text.append("@@ -")
                    .append(oldStart)
                    .append(',')
                    .append(oldCount)
                    .append(" +")
                    .append(newStart)
                    .append(',')
                    .append(newCount)
                    .append(" @@\n");
            body.forEach(l -> text.append(l).append('\n'));
            k = end;
        }
        return text.toString();
    }

    private static int find(List<String> in, List<String> old, int wanted, int from) {
        for (int d = 0; d <= in.size(); d++) {
            for (int at : new int[] {wanted - d, wanted + d}) {
                if (at >= from
                        && at + old.size() <= in.size()
                        && in.subList(at, at + old.size()).equals(old)) {
                    return at;
                }
                if (d == 0) {
                    break;
                }
            }
        }
        return -1;
    }

    private static String mismatch(List<String> in, List<String> old, int wanted) {
        for (int k = 0; k < old.size(); k++) {
            int line = wanted + k;
            String found = line < in.size() ? in.get(line) : "(end of file)";
            if (!found.equals(old.get(k))) {
                return "its line " + (k + 1) + " expects '" + old.get(k).strip() + "' (at line " + (line + 1)
                        + " of the base, which has '" + found.strip() + "'), and its lines are nowhere else in the"
                        + " base: the base changed, make the patch again";
            }
        }
        return "its lines are not in the base after the hunk before it";
    }

    private static String path(String name) {
        String p = name.strip();
        int tab = p.indexOf('\t');
        p = tab < 0 ? p : p.substring(0, tab);
        return p.startsWith("a/") || p.startsWith("b/") ? p.substring(2) : p;
    }

    private static int[] counts(String header, int line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*")
                .matcher(header);
        if (!m.matches()) {
            throw new IllegalArgumentException("line " + line + " is not a hunk header: " + header);
        }
        return new int[] {
            Integer.parseInt(m.group(1)),
            m.group(2) == null ? 1 : Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            m.group(4) == null ? 1 : Integer.parseInt(m.group(4))
        };
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String t = text.replace("\r\n", "\n");
        t = t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
        return List.of(t.split("\n", -1));
    }
}
