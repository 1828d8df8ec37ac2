package katas.tools.check;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Checks a browser's screenshot of a page the repository writes (the class report, the lesson's chart): not blank,
 * and showing the colours it must show (the bars). A page that fails to render, or renders empty, fails this.
 *
 * <pre>  PageCheck &lt;screenshot.png&gt; &lt;what it is&gt; [#rrggbb ...]</pre>
 *
 * Exits 0 when the screenshot holds enough drawn pixels and every colour given, else 1 with what is missing.
 */
public final class PageCheck {

    /** A page that draws less than this share of non-white pixels counts as blank. */
    static final double MIN_DRAWN = 0.01;

    /** How many pixels of a colour count as showing it. */
    static final int MIN_PIXELS = 50;

    private PageCheck() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: PageCheck <screenshot.png> <what it is> [#rrggbb ...]");
        }
        BufferedImage image = ImageIO.read(Path.of(args[0]).toFile());
        List<String> problems = check(image, List.of(args).subList(2, args.length));
        if (problems.isEmpty()) {
            System.out.println("page check: " + args[1] + " renders (" + args[0] + ")");
            return;
        }
        System.out.println("page check: " + args[1] + " is broken: " + String.join("; ", problems));
        System.exit(1);
    }

    static List<String> check(BufferedImage image, List<String> colours) {
        List<String> problems = new ArrayList<>();
        if (image == null) {
            problems.add("the screenshot is not an image");
            return problems;
        }
        long drawn = 0;
        int[] counts = new int[colours.size()];
        int[] wanted = colours.stream()
                .mapToInt(c -> Integer.parseInt(c.replace("#", ""), 16))
                .toArray();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) {
                    drawn++;
                }
                for (int i = 0; i < wanted.length; i++) {
                    if (close(rgb, wanted[i])) {
                        counts[i]++;
                    }
                }
            }
        }
        double share = (double) drawn / ((long) image.getWidth() * image.getHeight());
        if (share < MIN_DRAWN) {
            problems.add(String.format(Locale.ROOT, "blank: only %.2f%% of its pixels are drawn", share * 100));
        }
        for (int i = 0; i < wanted.length; i++) {
            if (counts[i] < MIN_PIXELS) {
                problems.add("no " + colours.get(i) + " (" + counts[i] + " pixels): what it draws in that colour"
                        + " is missing");
            }
        }
        return problems;
    }

    private static boolean close(int a, int b) {
        return Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)) <= 8
                && Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff)) <= 8
                && Math.abs((a & 0xff) - (b & 0xff)) <= 8;
    }
}
