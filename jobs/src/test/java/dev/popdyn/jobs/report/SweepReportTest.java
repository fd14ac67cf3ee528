package dev.popdyn.jobs.report;

import dev.popdyn.jobs.snapshot.StoragePath;
import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.ReportTest;
import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.report.ReportData.Cloud;
import dev.popdyn.jobs.report.ReportData.CloudAxes;
import dev.popdyn.jobs.report.ReportData.FitnessCurve;
import dev.popdyn.jobs.report.ReportData.SweepRun;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popdyn report} on a sweep directory: a tiny sweep (quadratic model, fitness window 1 and 2, N = 50, 5
 * generations, λ = (lr log-scale, reg, temperature categorical)) gets one page with the per-run fitness chart and three
 * hyperparameter clouds per run; the top-5 and population means it draws equal a computation in plain Java from the
 * agents Parquet files, and each cloud holds exactly that generation's agents; clouds of large populations are a
 * bounded deterministic sample; a run directory inside the sweep still gets the run report. Set
 * {@code -Dpopdyn.report.dump=DIR} to keep the PNGs for inspection.
 */
class SweepReportTest {
    static final int POPULATION = 50;
    static final int GENERATIONS = 5;
    static final List<String> RUNS = List.of("fitness.window=1,seed=4", "fitness.window=2,seed=4");

    @TempDir
    static Path tmp;
    static Path sweep;

    @BeforeAll
    static void sweep() throws Exception {
        SparkTestSession.get();
        Path conf = tmp.resolve("sweep.conf");
        Files.writeString(conf, """
                base {
                  population = %d
                  generations = %d
                  model { name = quadratic, dim = 2, center = 1.0, target = 0.5 }
                  fast { steps = 5, lr = 0.05, temperature = 0.1 }
                  hyper {
                    lr { lo = 0.005, hi = 0.2, scale = log }
                    reg { lo = 0, hi = 3 }
                    temperature { type = categorical, levels = [0, 0.05, 0.1] }
                  }
                  fitness { estimator = window, window = 1 }
                  selection { rule = truncation, fraction = 0.25 }
                  mutation { sigma = 0.2 }
                  execution { partitions = 2 }
                }
                grid { "fitness.window" = [1, 2] }
                seeds = [4]
                """.formatted(POPULATION, GENERATIONS));
        sweep = tmp.resolve("sweep");
        Result r = cli("sweep", conf.toString(), "--out", sweep.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    /** Pixels that are clearly coloured (not white, black or grey): drawn data, not axes, text or background. */
    static long colouredPixels(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                n += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80 ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void commandLineWritesTheSweepReportWithTheFitnessChartAndThreeCloudsPerRun() throws Exception {
        Result r = cli("report", sweep.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Path file = sweep.resolve(RunReport.DEFAULT_NAME);
        assertThat(r.out()).contains("report: " + file.toAbsolutePath().normalize());
        String html = Files.readString(file);
        Map<String, BufferedImage> plots = ReportTest.plots(html);
        List<String> expected = new ArrayList<>(List.of("sweep-fitness"));
        for (String run : RUNS) {
            for (int g : List.of(2, 3, 5)) {
                expected.add("cloud-" + run + "-g" + g);
            }
        }
        assertThat(plots.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (Map.Entry<String, BufferedImage> e : plots.entrySet()) {
            assertThat(ReportTest.drawnShare(e.getValue())).as(e.getKey()).isGreaterThan(0.03);
            assertThat(colouredPixels(e.getValue())).as(e.getKey() + " data").isGreaterThan(300);
        }
        assertThat(html).doesNotContain("http://", "https://", "<script");
        assertThat(html).contains("<h3>fitness.window=1   (fitness.window=1,seed=4)</h3>",
                "<h3>fitness.window=2   (fitness.window=2,seed=4)</h3>");
        assertThat(html).contains("data-table=\"runs\"", "data-table=\"fitness\"", "data-table=\"provenance\"",
                "data-table=\"config\"");
        assertThat(html).contains("<td>fitness.window=2,seed=4</td><td class=\"num\">2</td><td class=\"num\">4</td>"
                + "<td>done</td>");
        assertThat(html).contains("Generation 5: all " + POPULATION + " agents.");
        assertThat(html).contains("<tr><th>model.name</th><td>quadratic</td></tr>")
                .doesNotContain("<tr><th>fitness.window</th>");
    }

    @Test
    void topFiveAndPopulationMeansEqualAComputationFromTheAgentsParquet() {
        SparkSession spark = SparkTestSession.get();
        ReportData.Sweep data = SweepReport.collect(spark, StoragePath.local(sweep));
        assertThat(data.runs()).extracting(SweepRun::key).containsExactlyElementsOf(RUNS);
        assertThat(data.runs()).extracting(SweepRun::label).containsExactly("fitness.window=1", "fitness.window=2");
        for (SweepRun run : data.runs()) {
            Map<Integer, List<double[]>> agents = agents(spark, run.key());
            assertThat(agents.keySet()).hasSize(GENERATIONS);
            FitnessCurve curve = run.curve();
            assertThat(curve.generation()).containsExactly(1, 2, 3, 4, 5);
            for (int i = 0; i < GENERATIONS; i++) {
                int g = (int) curve.generation()[i];
                double[] fitness = agents.get(g).stream().mapToDouble(a -> a[0]).sorted().toArray();
                double top = 0;
                for (int k = 0; k < 5; k++) {
                    top += fitness[fitness.length - 1 - k] / 5;
                }
                String at = run.key() + " generation " + g;
                assertThat(curve.topMean()[i]).as(at + " top-5 mean").isCloseTo(top, within(1e-9 * Math.abs(top)));
                double mean = Arrays.stream(fitness).average().orElseThrow();
                assertThat(curve.mean()[i]).as(at + " mean").isCloseTo(mean, within(1e-9 * Math.abs(mean)));
                assertThat(curve.agents()[i]).as(at + " agents").isEqualTo(POPULATION);
                assertThat(curve.topMean()[i]).as(at).isGreaterThan(curve.mean()[i]);
            }
            assertThat(run.clouds()).extracting(Cloud::generation).containsExactly(2, 3, 5);
            CloudAxes axes = run.axes();
            assertThat(List.of(axes.x().name(), axes.y().name(), axes.colour().name()))
                    .containsExactly("lr", "reg", "temperature");
            for (Cloud c : run.clouds()) {
                List<double[]> expected = agents.get(c.generation());
                assertThat(c.agents()).isEqualTo(POPULATION);
                assertThat(sorted(c.x())).as("lr of generation " + c.generation())
                        .containsExactly(sorted(expected.stream().mapToDouble(a -> a[1]).toArray()));
                assertThat(sorted(c.y())).containsExactly(sorted(expected.stream().mapToDouble(a -> a[2]).toArray()));
                assertThat(sorted(c.colour()))
                        .containsExactly(sorted(expected.stream().mapToDouble(a -> a[3]).toArray()));
            }
        }
    }

    @Test
    void cloudsOfLargePopulationsAreABoundedDeterministicSample() {
        SparkSession spark = SparkTestSession.get();
        ReportData.Sweep data = SweepReport.collect(spark, StoragePath.local(sweep));
        SweepRun run = data.runs().get(1);
        ReportQueries q = new ReportQueries(spark);
        List<Cloud> a = q.clouds(run.key(), run.axes(), List.of(3, 5), 20);
        List<Cloud> b = q.clouds(run.key(), run.axes(), List.of(3, 5), 20);
        Map<Integer, List<double[]>> agents = agents(spark, run.key());
        for (int i = 0; i < 2; i++) {
            assertThat(a.get(i).size()).isEqualTo(20);
            assertThat(a.get(i).agents()).isEqualTo(POPULATION);
            assertThat(a.get(i).x()).isEqualTo(b.get(i).x());
            List<Double> all = agents.get(a.get(i).generation()).stream().map(x -> x[1]).toList();
            assertThat(all).containsAll(Arrays.stream(a.get(i).x()).boxed().toList());
        }
        String html = SweepReport.render(new ReportData.Sweep(data.provenance(),
                List.of(), List.of(new SweepRun(run.key(), run.label(), null, run.curve(), run.axes(), a)), List.of()));
        assertThat(html).contains("Generation 3: 20 of 50 agents (deterministic sample).");
    }

    @Test
    void aRunDirectoryOfTheSweepStillGetsTheRunReport() throws Exception {
        Path file = tmp.resolve("run-report.html");
        Result r = cli("report", sweep.resolve("runs").resolve(RUNS.get(0)).toString(), "--out", file.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Map<String, BufferedImage> plots = ReportTest.plots(Files.readString(file));
        assertThat(plots).containsKeys("fitness", "density-lr", "density-reg", "density-temperature", "diversity")
                .doesNotContainKey("sweep-fitness");
    }

    @Test
    void cloudsAreDrawnAfterGenerationsTwoHalfAndLast() {
        assertThat(SweepReport.cloudGenerations(5)).containsExactly(2, 3, 5);
        assertThat(SweepReport.cloudGenerations(10)).containsExactly(2, 5, 10);
        assertThat(SweepReport.cloudGenerations(4)).containsExactly(2, 4);
        assertThat(SweepReport.cloudGenerations(2)).containsExactly(1, 2);
        assertThat(SweepReport.cloudGenerations(1)).containsExactly(1);
        assertThat(SweepReport.cloudGenerations(0)).isEmpty();
    }

    @Test
    void cloudAxesPreferRealCoordinatesAndColourByTheThird() throws Exception {
        HyperDim batch = HyperDim.categorical("batch", 32, 64, 128);
        HyperDim decay = HyperDim.real("decay", 500, 5000, Scale.LINEAR);
        HyperDim lr = HyperDim.real("lr", 1e-5, 1e-2, Scale.LOG);
        CloudAxes cartPole = SweepReport.axes(HyperSpace.of(batch, decay, lr));
        assertThat(List.of(cartPole.x(), cartPole.y(), cartPole.colour())).containsExactly(decay, lr, batch);
        CloudAxes one = SweepReport.axes(HyperSpace.of(lr));
        assertThat(one.x()).isEqualTo(lr);
        assertThat(one.y()).isNull();
        assertThat(one.colour()).isNull();
        assertThat(SweepReport.axes(HyperSpace.of())).isNull();
        assertThat(ReportCharts.colourClass(batch, 64)).isEqualTo(1);
        assertThat(ReportCharts.colourClass(lr, 1e-5)).isZero();
        assertThat(ReportCharts.colourClass(lr, 1e-2)).isEqualTo(ReportCharts.COLOUR_BINS - 1);
        assertThat(ReportCharts.colourClasses(batch)).containsExactly("batch = 32", "batch = 64", "batch = 128");

        double[] x = new double[40];
        double[] fitness = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e-5 * Math.pow(1000, i / 39.0);
            fitness[i] = -Math.abs(Math.log10(x[i]) + 3);
        }
        byte[] png = ReportCharts.cloud("generation 1", one, new Cloud(1, 40, x, fitness, null));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(colouredPixels(img)).as("value against fitness").isGreaterThan(300);
    }

    /**
     * The agents of a run by generation, read from its Parquet files without the report's views: per non-diverged
     * agent {fitness, lr, reg, temperature}.
     */
    static Map<Integer, List<double[]>> agents(SparkSession spark, String run) {
        Path dir = sweep.resolve("runs").resolve(run).resolve("agents");
        List<Row> rows = spark.read().parquet(dir.toUri().toString())
                .selectExpr("generation", "status", "fitness", "hyper.lr", "hyper.reg", "hyper.temperature")
                .collectAsList();
        Map<Integer, List<double[]>> out = new TreeMap<>();
        for (Row r : rows) {
            if (r.getString(1).equals("ok")) {
                out.computeIfAbsent(r.getInt(0), g -> new ArrayList<>()).add(new double[]{r.getDouble(2),
                    r.getDouble(3), r.getDouble(4), r.getDouble(5)});
            }
        }
        out.values().forEach(l -> l.sort(Comparator.comparingDouble(a -> a[0])));
        return out;
    }

    static double[] sorted(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    @Test
    void seedPointLabelsWriteGridValuesAsInTheSweepFile() {
        assertThat(SweepReportSeeds.gridValue(1.0)).isEqualTo("1");
        assertThat(SweepReportSeeds.gridValue(-5.0)).isEqualTo("-5");
        assertThat(SweepReportSeeds.gridValue(0.25)).isEqualTo("0.25");
        assertThat(SweepReportSeeds.gridValue(1e20)).isEqualTo("1.0E20");
        assertThat(SweepReportSeeds.gridValue("adam")).isEqualTo("adam");
    }
}
