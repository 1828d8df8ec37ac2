package katas.kit.shm;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import katas.kit.Printable;
import katas.kit.process.KitFiles;

/** The rules for a segment's label, name and size, each refused with a message that names the problem. */
final class SegmentNames {

    /** What a segment's file name says after the owner's pid and run id: {@code katas-<pid>-<run>-shm-<label>}. */
    static final String INFIX = "shm-";

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern NAME = Pattern.compile(
            Pattern.quote(KitFiles.PREFIX) + "(\\d{1,18})-([0-9a-f]{8})-" + Pattern.quote(INFIX) + "(.+)");

    private SegmentNames() {}

    /**
     * Checks a label for {@link Segment#create}.
     *
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static void checkLabel(String label) {
        Objects.requireNonNull(label, "a segment label must not be null");
        String problem = null;
        if (label.isEmpty()) {
            problem = "is empty";
        } else if (label.indexOf('/') >= 0 || label.indexOf('\\') >= 0) {
            problem = "has a path separator ('/' or '\\'): a segment is a file in " + Segment.directory()
                    + ", and its name must not lead anywhere else";
        } else if (label.contains("..")) {
            problem = "has '..', which could lead out of " + Segment.directory();
        } else if (label.startsWith(".")) {
            problem = "starts with '.' (a hidden file)";
        } else if (label.length() > Segment.MAX_LABEL_LENGTH) {
            problem =
                    "is " + label.length() + " characters long, more than the " + Segment.MAX_LABEL_LENGTH + " allowed";
        } else if (!LABEL.matcher(label).matches()) {
            problem = "has a character other than letters, digits, '.', '_' and '-'";
        }
        if (problem != null) {
            throw new IllegalArgumentException("segment label '" + Printable.of(label, 100) + "' " + problem);
        }
    }

    /** The run id in a segment name; refuses anything that is not a segment name. */
    static String runOf(String name) {
        Objects.requireNonNull(name, "a segment name must not be null");
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.contains("..")) {
                throw new IllegalArgumentException(
                        "segment name '" + Printable.of(name, 100) + "' has a path separator or"
                                + " '..': open takes the segment's name (Segment.name()), never a path");
            }
            throw new IllegalArgumentException("'" + Printable.of(name, 100) + "' is not a segment name: open takes the"
                    + " name the creator's Segment.name() gives, katas-<pid>-<run id>-shm-<label>");
        }
        checkLabel(m.group(3));
        return m.group(2);
    }

    /**
     * Checks a data size.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static void checkSize(long size) {
        String problem = null;
        if (size <= 0) {
            problem = "must be positive";
        } else if (size % Long.BYTES != 0) {
            problem = "is not a multiple of 8: a segment holds longs of 8 bytes, each at an offset that is a"
                    + " multiple of 8 (atomic access needs that alignment)";
        } else if (size > Segment.MAX_SIZE) {
            problem = "is over the limit of " + String.format(Locale.ROOT, "%,d", Segment.MAX_SIZE) + " bytes (16 MiB)";
        }
        if (problem != null) {
            throw new IllegalArgumentException(
                    "segment size " + String.format(Locale.ROOT, "%,d", size) + " bytes " + problem);
        }
    }
}
