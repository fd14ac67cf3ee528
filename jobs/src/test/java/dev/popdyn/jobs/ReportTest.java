package dev.popdyn.jobs;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.report.RunReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popdyn report} on a small run: every promised plot is in the one HTML file as a decodable PNG with drawn
 * content, optional tables are drawn only when present, and the command line writes the file. Set
 * {@code -Dpopdyn.report.dump=DIR} to keep the PNGs for inspection.
 */
public class ReportTest {
    private static final Pattern PLOT = Pattern.compile(
            "data-plot=\"([^\"]+)\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    /** The colour of mean lines in the plots (ReportCharts.MEAN). */
    private static final int MEAN_RGB = 0x08519C;
    /** The colour of the top-5 mean line in the fitness plot (ReportCharts.TOP). */
    private static final int TOP_RGB = 0x31A354;

    @TempDir
    Path tmp;

    /** Every plot of a report page by its {@code data-plot} id, decoded (fails on an undecodable PNG). */
    public static Map<String, BufferedImage> plots(String html) throws IOException {
        Map<String, BufferedImage> out = new LinkedHashMap<>();
        Matcher m = PLOT.matcher(html);
        while (m.find()) {
            byte[] png = Base64.getDecoder().decode(m.group(2));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(img).as(m.group(1)).isNotNull();
            out.put(m.group(1), img);
            String dump = System.getProperty("popdyn.report.dump");
            if (dump != null) {
                Files.createDirectories(Path.of(dump));
                Files.write(Path.of(dump, m.group(1) + ".png"), png);
            }
        }
        return out;
    }

    /** Share of pixels that differ from the background (the top-left pixel). */
    public static double drawnShare(BufferedImage img) {
        int bg = img.getRGB(0, 0);
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += img.getRGB(x, y) != bg ? 1 : 0;
            }
        }
        return n / (double) (img.getWidth() * img.getHeight());
    }

    static long pixelsOf(BufferedImage img, int rgb) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    static String html(Path run, Path out) throws IOException {
        RunReport.write(SparkTestSession.get(), StoragePath.local(run), StoragePath.local(out));
        return Files.readString(out);
    }

    @Test
    void reportHasEveryPromisedPlotWithContent() throws IOException {
        String html = html(ReportTestRuns.small(), tmp.resolve("report.html"));
        Map<String, BufferedImage> plots = plots(html);
        assertThat(plots.keySet()).containsExactlyInAnyOrder("fitness", "density-reg", "path-reg", "density-lr", "path-lr",
                "diversity", "exploits", "schedule-reg", "schedule-lr");
        for (Map.Entry<String, BufferedImage> e : plots.entrySet()) {
            assertThat(drawnShare(e.getValue())).as(e.getKey()).isGreaterThan(0.03);
        }
        for (String id : List.of("fitness", "path-reg", "path-lr", "diversity", "schedule-reg", "schedule-lr")) {
            assertThat(pixelsOf(plots.get(id), MEAN_RGB)).as(id + " mean line").isGreaterThan(100);
        }
        assertThat(pixelsOf(plots.get("fitness"), TOP_RGB)).as("top-5 mean line").isGreaterThan(50);
        assertThat(html).doesNotContain("http://", "https://", "<script");
        assertThat(html).contains("Effective-fitness optimum: reg* = 1.22222");
        assertThat(html).contains("data-table=\"lineage\"", "data-table=\"provenance\"", "data-table=\"config\"");
        assertThat(html.split("<tr><td class=\"num\">", -1)).hasSize(ReportTestRuns.GENERATIONS + 1);
        assertThat(html).contains("<title>popdyn report — " + ReportTestRuns.small().getFileName());
        assertThat(html).doesNotContain("NaN", "Limit study</h2>", "Trajectories</h2>", "Mean-field reference</h2>");
        assertThat(html).contains("Not in this run", "the table RUN/limit/", "the table RUN/trajectory/",
                "summary.w1_reference");
    }

    @Test
    void optionalTablesAreDrawnWhenPresent() throws IOException {
        Path run = tmp.resolve("run");
        ReportTestRuns.copy(ReportTestRuns.small(), run);
        SparkSession spark = SparkTestSession.get();
        StructType limit = new StructType().add("population", DataTypes.LongType).add("w1", DataTypes.DoubleType);
        List<Row> rows = List.of(RowFactory.create(100L, 0.1), RowFactory.create(400L, 0.05),
                RowFactory.create(1600L, 0.025));
        spark.createDataFrame(rows, limit).write().parquet(run.resolve("limit").toUri().toString());
        StructType traj = new StructType().add("time", DataTypes.DoubleType).add("risk", DataTypes.DoubleType);
        spark.createDataFrame(List.of(RowFactory.create(0.0, 1.0), RowFactory.create(0.0, 0.8),
                RowFactory.create(1.0, 0.5), RowFactory.create(1.0, 0.4)), traj).write()
                .parquet(run.resolve("trajectory").toUri().toString());
        String html = html(run, tmp.resolve("with-optional.html"));
        Map<String, BufferedImage> plots = plots(html);
        assertThat(plots).containsKeys("limit", "trajectory");
        assertThat(drawnShare(plots.get("limit"))).isGreaterThan(0.01);
        assertThat(pixelsOf(plots.get("limit"), MEAN_RGB)).as("W1 points").isGreaterThan(50);
        assertThat(drawnShare(plots.get("trajectory"))).isGreaterThan(0.01);
        assertThat(pixelsOf(plots.get("trajectory"), MEAN_RGB)).as("mean risk line").isGreaterThan(100);
        assertThat(html).contains("(slope -0.500)");
    }

    @Test
    void commandLineWritesTheReportAndRejectsAForeignFolder() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path file = tmp.resolve("cli/report.html");
        int code = Main.execute(new String[]{"report", ReportTestRuns.small().toString(),
            "--out", file.toString()}, new PrintStream(out), new PrintStream(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("report: " + file);
        assertThat(plots(Files.readString(file))).hasSize(9);

        Files.createDirectories(tmp.resolve("empty"));
        code = Main.execute(new String[]{"report", tmp.resolve("empty").toString()},
                new PrintStream(out), new PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("error: ").contains("not a run directory");
        assertThat(tmp.resolve("empty/report.html")).doesNotExist();
    }
}
