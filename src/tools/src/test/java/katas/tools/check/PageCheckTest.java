package katas.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PageCheckTest {

    private static BufferedImage page(boolean bars) {
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 300);
        if (bars) {
            g.setColor(new Color(0x2b7bb9));
            g.fillRect(10, 10, 200, 20);
            g.setColor(new Color(0x3aa655));
            g.fillRect(10, 40, 120, 20);
        }
        g.dispose();
        return image;
    }

    @Test
    @DisplayName("a page with its bars passes")
    void drawn() {
        assertThat(PageCheck.check(page(true), List.of("#2b7bb9", "#3aa655"))).isEmpty();
    }

    @Test
    @DisplayName("a blank page fails, and so does a page without a colour it must show")
    void blankOrMissing() {
        assertThat(PageCheck.check(page(false), List.of("#2b7bb9")))
                .anySatisfy(p -> assertThat(p).startsWith("blank"))
                .anySatisfy(p -> assertThat(p).contains("#2b7bb9"));
        assertThat(PageCheck.check(page(true), List.of("#c0392b")))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("#c0392b"));
    }
}
