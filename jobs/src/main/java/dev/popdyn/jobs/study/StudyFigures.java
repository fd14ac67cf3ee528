package dev.popdyn.jobs.study;

import dev.popdyn.jobs.snapshot.StoragePath;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** The figures of the study commands: XChart panels drawn side by side into one PNG, written atomically. */
final class StudyFigures {
    private StudyFigures() {
    }

    /** The panels left to right, as PNG bytes (headless AWT). */
    static byte[] sideBySide(List<XYChart> panels) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<BufferedImage> images = new ArrayList<>();
        int width = 0;
        int height = 0;
        for (XYChart p : panels) {
            BufferedImage img = BitmapEncoder.getBufferedImage(p);
            images.add(img);
            width += img.getWidth();
            height = Math.max(height, img.getHeight());
        }
        BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage img : images) {
            g.drawImage(img, x, 0, null);
            x += img.getWidth();
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(all, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code bytes} to {@code file} (write a sibling, then rename), creating its folder. */
    static void write(StoragePath file, byte[] bytes) {
        file.parent().mkdirs();
        file.writeAtomically(bytes);
    }
}
