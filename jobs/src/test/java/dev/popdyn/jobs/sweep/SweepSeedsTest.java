package dev.popdyn.jobs.sweep;

import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.ReportTest;
import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.report.RunReport;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeds in sweeps: a 2-point × 3-seed quadratic sweep. The {@code points} view and the statistics columns of the
 * {@code runs} view equal the mean x̄ = (1/n) Σ xᵢ and SE = s/√n (s² = Σ (xᵢ − x̄)²/(n − 1)) computed here, in plain
 * Java, from each run's own summary Parquet files (best = max over generations of fitness_max, final = fitness_max of
 * the last generation); the sweep report shows the band chart, its numbers per generation (checked against the runs'
 * agents files) and the points table.
 */
class SweepSeedsTest {
    static final int GENERATIONS = 4;

    @TempDir
    static Path tmp;
    static Path sweep;

    @BeforeAll
    static void sweep() throws Exception {
        SparkTestSession.get();
        Path conf = tmp.resolve("sweep.conf");
        Files.writeString(conf, """
                base {
                  population = 24
                  generations = %d
                  model { name = quadratic, dim = 2 }
                  fast { steps = 5, lr = 0.05, temperature = 0.1 }
                  hyper { reg { lo = 0, hi = 3 } }
                  selection { rule = truncation, fraction = 0.25 }
                  execution { partitions = 1, engine = local }
                }
                grid { "selection.fraction" = [0.25, 0.5] }
                seeds = [7, 8, 9]
                """.formatted(GENERATIONS));
        sweep = tmp.resolve("sweep");
        Result r = cli("sweep", conf.toString(), "--out", sweep.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    /** Per run key: {best, final} from the run's summary files, read without the sweep views. */
    static Map<String, double[]> perRun(SparkSession spark) throws Exception {
        Map<String, double[]> out = new TreeMap<>();
        try (Stream<Path> runs = Files.list(sweep.resolve("runs"))) {
            for (Path run : runs.toList()) {
                List<Row> rows = spark.read().parquet(run.resolve("summary").toString())
                        .select("generation", "fitness_max").collectAsList();
                double best = Double.NEGATIVE_INFINITY;
                double last = Double.NaN;
                for (Row r : rows) {
                    best = Math.max(best, r.getDouble(1));
                    if (((Number) r.get(0)).intValue() == GENERATIONS) {
                        last = r.getDouble(1);
                    }
                }
                assertThat(rows).hasSize(GENERATIONS);
                out.put(run.getFileName().toString(), new double[]{best, last});
            }
        }
        return out;
    }

    static double mean(List<Double> x) {
        return x.stream().mapToDouble(Double::doubleValue).sum() / x.size();
    }

    static double se(List<Double> x) {
        double m = mean(x);
        double ss = x.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(ss / (x.size() - 1) / x.size());
    }

    @Test
    void pointsAndRunsViewsGiveMeanAndStandardErrorOverSeedsOfTheRunsSummaries() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Map<String, double[]> runs = perRun(spark);
        assertThat(runs).hasSize(6);
        Result q = cli("query", sweep.toString(), "select selection_fraction, n_seeds, best_mean, best_se, "
                + "final_mean, final_se from points order by selection_fraction", "--csv");
        assertThat(q.code()).as(q.out() + q.err()).isZero();
        List<String> lines = q.out().lines().filter(l -> l.matches("^0\\.[0-9]+,.*")).toList();
        assertThat(lines).hasSize(2);
        int i = 0;
        for (String fraction : List.of("0.25", "0.5")) {
            List<Double> best = new ArrayList<>();
            List<Double> fin = new ArrayList<>();
            for (long seed = 7; seed <= 9; seed++) {
                double[] v = runs.get("selection.fraction=" + fraction + ",seed=" + seed);
                best.add(v[0]);
                fin.add(v[1]);
            }
            String[] c = lines.get(i++).split(",");
            assertThat(Double.parseDouble(c[0])).isEqualTo(Double.parseDouble(fraction));
            assertThat(c[1]).isEqualTo("3");
            assertThat(Double.parseDouble(c[2])).isCloseTo(mean(best), within(1e-12));
            assertThat(Double.parseDouble(c[3])).isCloseTo(se(best), within(1e-12));
            assertThat(Double.parseDouble(c[4])).isCloseTo(mean(fin), within(1e-12));
            assertThat(Double.parseDouble(c[5])).isCloseTo(se(fin), within(1e-12));
            assertThat(se(best)).isPositive();
        }
        SweepViews.register(spark, StoragePath.local(sweep));
        assertThat(spark.sql("select seeds from points").collectAsList()).allSatisfy(r ->
                assertThat(r.getList(0)).containsExactly(7L, 8L, 9L));
        for (Row r : spark.sql("select run, selection_fraction, n_seeds, best_mean, best_se from runs")
                .collectAsList()) {
            String fraction = r.getDouble(1) == 0.25 ? "0.25" : "0.5";
            List<Double> best = new ArrayList<>();
            for (long seed = 7; seed <= 9; seed++) {
                best.add(runs.get("selection.fraction=" + fraction + ",seed=" + seed)[0]);
            }
            assertThat(r.getLong(2)).as(r.getString(0)).isEqualTo(3);
            assertThat(r.getDouble(3)).as(r.getString(0)).isCloseTo(mean(best), within(1e-12));
            assertThat(r.getDouble(4)).as(r.getString(0)).isCloseTo(se(best), within(1e-12));
        }
    }

    @Test
    void sweepReportDrawsTheSeedBandAndThePointsTable() throws Exception {
        Result r = cli("report", sweep.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        String html = Files.readString(sweep.resolve(RunReport.DEFAULT_NAME));
        Map<String, BufferedImage> plots = ReportTest.plots(html);
        assertThat(plots).containsKey("sweep-seeds");
        BufferedImage img = plots.get("sweep-seeds");
        long coloured = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int red = rgb >> 16 & 0xFF;
                int green = rgb >> 8 & 0xFF;
                int blue = rgb & 0xFF;
                coloured += Math.max(red, Math.max(green, blue)) - Math.min(red, Math.min(green, blue)) > 80 ? 1 : 0;
            }
        }
        assertThat(coloured).as("two coloured mean lines").isGreaterThan(300);
        assertThat(html).contains("data-table=\"points\"", "<td>selection.fraction=0.25</td><td class=\"num\">3</td>");
        seedCurvesTableEqualsTheAgentsFiles(html);
    }

    /**
     * The report's per-generation table: for each point and generation, the mean ± SE over seeds of the top-5 mean
     * and of the population mean fitness equal those computed here from each run's agents Parquet files (non-diverged
     * agents), to the table's 6 significant digits.
     */
    static void seedCurvesTableEqualsTheAgentsFiles(String html) throws Exception {
        SparkSession spark = SparkTestSession.get();
        String table = html.substring(html.indexOf("data-table=\"seed-curves\""));
        table = table.substring(0, table.indexOf("</table>"));
        Matcher row = Pattern.compile("<tr><td>selection\\.fraction=([0-9.]+)</td>((?:<td class=\"num\">[^<]*</td>)+)"
                + "</tr>").matcher(table);
        int rows = 0;
        while (row.find()) {
            String fraction = row.group(1);
            List<Double> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td class=\"num\">([^<]*)</td>").matcher(row.group(2));
            while (cell.find()) {
                cells.add(Double.parseDouble(cell.group(1)));
            }
            int g = cells.get(0).intValue();
            List<Double> top = new ArrayList<>();
            List<Double> pop = new ArrayList<>();
            for (long seed = 7; seed <= 9; seed++) {
                List<Double> f = new ArrayList<>();
                Path agents = sweep.resolve("runs/selection.fraction=" + fraction + ",seed=" + seed
                        + "/agents/generation=" + g);
                for (Row r : spark.read().parquet(agents.toString()).where("status = 'ok'").select("fitness")
                        .collectAsList()) {
                    f.add(r.getDouble(0));
                }
                f.sort(Comparator.reverseOrder());
                top.add(mean(f.subList(0, 5)));
                pop.add(mean(f));
            }
            assertThat(cells).as("fraction %s generation %d", fraction, g).hasSize(6);
            assertThat(cells.get(1)).isEqualTo(3.0);
            double[] expected = {mean(top), se(top), mean(pop), se(pop)};
            for (int k = 0; k < 4; k++) {
                assertThat(cells.get(2 + k)).as("fraction %s generation %d column %d", fraction, g, k)
                        .isCloseTo(expected[k], within(1e-5 * Math.abs(expected[k]) + 1e-12));
            }
            assertThat(expected[3]).isPositive();
            rows++;
        }
        assertThat(rows).as("2 points × %d generations", GENERATIONS).isEqualTo(2 * GENERATIONS);
    }
}
