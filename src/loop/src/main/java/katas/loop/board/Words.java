package katas.loop.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The board's words in one language, from {@code words_<lang>.properties} next to this class: one place per language.
 * English and Korean; {@code -Dkatas.lang=ko} picks Korean, and so does a Korean locale.
 */
public final class Words {

    /** The languages the board speaks. */
    public static final Set<String> LANGUAGES = Set.of("en", "ko");

    private final String lang;
    private final Properties words;

    private Words(String lang, Properties words) {
        this.lang = lang;
        this.words = words;
    }

    /** English. */
    public static Words english() {
        return of("en");
    }

    /** The language of {@code -Dkatas.lang}, else of the default locale; English when the board does not speak it. */
    public static Words current() {
        String asked = System.getProperty("katas.lang", "");
        String lang = asked.isBlank() ? Locale.getDefault().getLanguage() : asked.strip();
        return of(LANGUAGES.contains(lang) ? lang : "en");
    }

    public static Words of(String lang) {
        Properties p = new Properties();
        try (InputStream in = Words.class.getResourceAsStream("words_" + lang + ".properties")) {
            if (in == null) {
                throw new IllegalArgumentException("the board does not speak '" + lang + "': " + LANGUAGES);
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Words(lang, p);
    }

    public String lang() {
        return lang;
    }

    /** The word or sentence for {@code key}, formatted with {@code args}. */
    public String get(String key, Object... args) {
        String pattern = words.getProperty(key);
        if (pattern == null) {
            throw new IllegalStateException("words_" + lang + ".properties has no '" + key + "'");
        }
        return args.length == 0 && !pattern.contains("%n") ? pattern : String.format(Locale.ROOT, pattern, args);
    }

    /** The raw pattern of {@code key}, unformatted. */
    String get0(String key) {
        return words.getProperty(key);
    }

    Set<String> keys() {
        return words.stringPropertyNames();
    }
}
