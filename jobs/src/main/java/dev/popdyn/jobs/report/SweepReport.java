package dev.popdyn.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.ValueType;
import dev.popdyn.jobs.report.ReportData.Cloud;
import dev.popdyn.jobs.report.ReportData.CloudAxes;
import dev.popdyn.jobs.report.ReportData.FitnessCurve;
import dev.popdyn.jobs.report.ReportData.Provenance;
import dev.popdyn.jobs.report.ReportData.SweepRun;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.RunSchema;
import dev.popdyn.jobs.snapshot.StoragePath;
import dev.popdyn.jobs.sweep.RunsTable;
import dev.popdyn.jobs.sweep.Sweep;
import dev.popdyn.jobs.sweep.SweepViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code popdyn report} on a sweep directory ({@link Sweep}): one self-contained HTML file comparing its runs, laid
 * out after the seed paper's CartPole PBT figure (there the grid axis is the fitness window m,
 * {@code fitness.window}). With several seeds per grid point it shows, per point, the mean over seeds ± standard
 * error of the top-mean curve (a band) and of the best and final fitness ({@link SweepReportSeeds}). It shows, per run, the mean of the {@value ReportQueries#TOP} highest fitness values and
 * the population mean fitness per generation (one chart for all runs); per run, hyperparameter clouds after
 * generations 2, ⌈G/2⌉ and G (G = the run's last committed generation); the runs table ({@link RunsTable}) and
 * provenance. Data comes only through Spark SQL over the sweep views ({@link SweepViews}): O(runs × generations) rows
 * and at most {@link ReportQueries#CLOUD_POINTS} agents per cloud reach the driver. Not thread-safe (registers
 * temporary views in the session).
 */
public final class SweepReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** run.json fields shown in the provenance, with one value when every run agrees. */
    private static final List<String> RUN_FIELDS = List.of("model", "population", "generations", "schema_version",
            "popdyn_version", "git_sha", "spark_version", "java_version", "os_arch");

    private SweepReport() {
    }

    /** Reads everything the sweep report shows. */
    public static ReportData.Sweep collect(SparkSession spark, StoragePath dir) {
        List<String> views = SweepViews.register(spark, dir);
        Map<String, StoragePath> dirs = SweepViews.runDirectories(dir);
        JsonNode sweepJson = readJson(dir.resolve(Sweep.SWEEP_JSON));
        List<Row> table = dir.resolve(RunsTable.FILE).isFile()
                ? spark.read().parquet(dir.resolve(RunsTable.FILE).uri()).collectAsList() : List.of();
        Map<String, Row> rows = new LinkedHashMap<>();
        table.forEach(r -> rows.put(r.getAs("run"), r));
        Map<String, String> keyColumns = gridColumns(sweepJson, table);

        List<String> order = new ArrayList<>(rows.keySet());
        dirs.keySet().stream().filter(k -> !rows.containsKey(k)).forEach(order::add);
        Map<String, String> labels = labels(order, rows, keyColumns);

        ReportQueries q = new ReportQueries(spark);
        Map<String, FitnessCurve> curves = views.contains(RunSchema.AGENTS)
                ? q.sweepFitnessCurves(ReportQueries.TOP) : Map.of();
        List<SweepRun> runs = new ArrayList<>();
        List<RunManifest> manifests = new ArrayList<>();
        for (String key : order) {
            FitnessCurve curve = curves.get(key);
            CloudAxes axes = null;
            List<Cloud> clouds = List.of();
            StoragePath runDir = dirs.get(key);
            if (runDir != null) {
                RunDirectory rd = new RunDirectory(runDir);
                RunManifest manifest = RunManifest.read(rd);
                manifests.add(manifest);
                axes = axes(manifest.params().hyper());
                if (axes != null && curve != null) {
                    clouds = q.clouds(key, axes, cloudGenerations(curve.lastGeneration()),
                            ReportQueries.CLOUD_POINTS);
                }
            }
            Row row = rows.get(key);
            runs.add(new SweepRun(key, labels.get(key), row == null ? null : tableRow(row, keyColumns), curve, axes,
                    clouds));
        }
        return new ReportData.Sweep(provenance(dir, sweepJson, manifests, order.size()), header(keyColumns), runs,
                SweepReportSeeds.collect(spark, views, curves, keyColumns));
    }

    /**
     * The axes of a run's clouds: x and y are the first two non-categorical coordinates in the hyperparameter space's
     * order (categorical ones fill in when there are fewer), a third coordinate colours the points; with one
     * coordinate, y is fitness; null without hyperparameters.
     */
    static CloudAxes axes(HyperSpace space) {
        List<HyperDim> dims = new ArrayList<>();
        space.dims().stream().filter(d -> d.type() != ValueType.CATEGORICAL).forEach(dims::add);
        space.dims().stream().filter(d -> d.type() == ValueType.CATEGORICAL).forEach(dims::add);
        if (dims.isEmpty()) {
            return null;
        }
        return new CloudAxes(dims.get(0), dims.size() > 1 ? dims.get(1) : null, dims.size() > 2 ? dims.get(2) : null);
    }

    /** Generations 2, ⌈G/2⌉ and G, distinct, ascending, those in 1..G only (just G when G &lt; 2). */
    public static List<Integer> cloudGenerations(int last) {
        TreeSet<Integer> gens = new TreeSet<>();
        for (int g : new int[]{2, (last + 1) / 2, last}) {
            if (g >= 1 && g <= last) {
                gens.add(g);
            }
        }
        return List.copyOf(gens);
    }

    /** Grid key → its column in the runs table: the keys of sweep.json, else the table's non-fixed columns. */
    private static Map<String, String> gridColumns(JsonNode sweepJson, List<Row> table) {
        Set<String> columns = new LinkedHashSet<>();
        if (!table.isEmpty()) {
            columns.addAll(List.of(table.get(0).schema().fieldNames()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (sweepJson != null && sweepJson.has("keys")) {
            for (JsonNode k : sweepJson.path("keys")) {
                String c = RunsTable.column(k.asText());
                if (columns.contains(c)) {
                    out.put(k.asText(), c);
                }
            }
            return out;
        }
        columns.stream().filter(c -> !RunsTable.FIXED.contains(c)).forEach(c -> out.put(c, c));
        return out;
    }

    /**
     * Legend labels: the grid values that vary across the sweep ({@code key=value}, comma separated) and the seed
     * when there are several; the run key when that leaves nothing or two runs would share a label.
     */
    private static Map<String, String> labels(List<String> order, Map<String, Row> rows,
            Map<String, String> keyColumns) {
        List<String> varying = new ArrayList<>();
        for (Map.Entry<String, String> k : keyColumns.entrySet()) {
            if (rows.values().stream().map(r -> value(r.getAs(k.getValue()))).distinct().count() > 1) {
                varying.add(k.getKey());
            }
        }
        boolean seeds = rows.values().stream().map(r -> r.getAs("seed")).distinct().count() > 1;
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        boolean unique = true;
        for (String key : order) {
            Row r = rows.get(key);
            List<String> parts = new ArrayList<>();
            if (r != null) {
                varying.forEach(k -> parts.add(k + "=" + value(r.getAs(keyColumns.get(k)))));
                if (seeds) {
                    parts.add("seed=" + r.getAs("seed"));
                }
            }
            String label = parts.isEmpty() ? key : String.join(", ", parts);
            unique &= seen.add(label);
            out.put(key, label);
        }
        if (!unique) {
            order.forEach(k -> out.put(k, k));
        }
        return out;
    }

    private static List<String> header(Map<String, String> keyColumns) {
        List<String> h = new ArrayList<>(List.of("run"));
        h.addAll(keyColumns.keySet());
        h.addAll(List.of("seed", "status", "final_fitness", "best_fitness", "generations_committed",
                "wall_seconds", "config_sha256"));
        return h;
    }

    private static List<String> tableRow(Row r, Map<String, String> keyColumns) {
        List<String> out = new ArrayList<>(List.of(r.<String>getAs("run")));
        keyColumns.values().forEach(c -> out.add(value(r.getAs(c))));
        out.add(value(r.getAs("seed")));
        out.add(value(r.getAs("status")));
        out.add(number(r.getAs("final_fitness")));
        out.add(number(r.getAs("best_fitness")));
        out.add(r.getAs("generations_committed") + " of " + r.getAs("generations"));
        out.add(number(r.getAs("wall_seconds")));
        String sha = r.getAs("config_sha256");
        out.add(sha == null ? "" : sha.substring(0, Math.min(12, sha.length())));
        return out;
    }

    /**
     * The sweep's provenance: its folder and sweep.json facts, the run.json fields of {@link #RUN_FIELDS} (one value
     * when every run agrees, else each distinct one), and as config the resolved entries every run shares.
     */
    private static Provenance provenance(StoragePath dir, JsonNode sweepJson, List<RunManifest> manifests, int points) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sweep", dir.toString());
        fields.put("runs", Integer.toString(points));
        if (sweepJson != null) {
            fields.put("keys", join(sweepJson.path("keys")));
            fields.put("seeds", join(sweepJson.path("seeds")));
            fields.put("updated_at", sweepJson.path("updated_at").asText(""));
        }
        for (String f : RUN_FIELDS) {
            Set<String> values = new LinkedHashSet<>();
            manifests.stream().map(m -> m.provenanceFields().get(f)).filter(v -> v != null).forEach(values::add);
            if (!values.isEmpty()) {
                fields.put(f, values.size() == 1 ? values.iterator().next() : "varies: " + String.join(" | ",
                        values));
            }
        }
        fields.put("config_sha256", "per run, in the runs table (first 12 hex digits)");
        Map<String, String> common = new LinkedHashMap<>();
        if (!manifests.isEmpty()) {
            manifests.get(0).config().forEach((k, v) -> {
                if (manifests.stream().allMatch(m -> v.equals(m.config().get(k)))) {
                    common.put(k, v);
                }
            });
        }
        return new Provenance(fields, common);
    }

    /** Renders the collected data as one HTML document. */
    public static String render(ReportData.Sweep sweep) {
        Map<String, String> f = sweep.provenance().fields();
        String sweepDir = f.get("sweep").replaceAll("/+$", "");
        String name = sweepDir.isEmpty() ? f.get("sweep") : sweepDir.substring(sweepDir.lastIndexOf('/') + 1);
        HtmlPage page = new HtmlPage("popdyn sweep report — " + name);
        page.paragraph(String.format(Locale.ROOT, "%s runs over %s; model %s, N = %s, %s generations.",
                f.get("runs"), f.containsKey("keys") ? "grid keys " + orNone(f.get("keys")) + " and seeds "
                        + f.get("seeds") : "the runs of " + f.get("sweep"), f.getOrDefault("model", "?"),
                f.getOrDefault("population", "?"), f.getOrDefault("generations", "?")));
        page.paragraph(String.format(Locale.ROOT, "Provenance: sweep.json updated %s; popdyn %s (git %s), Spark %s, "
                + "Java %s on %s; each run's config_sha256 is in the runs table.", f.getOrDefault("updated_at", "?"),
                f.getOrDefault("popdyn_version", "?"), f.getOrDefault("git_sha", "?"),
                f.getOrDefault("spark_version", "?"), f.getOrDefault("java_version", "?"),
                f.getOrDefault("os_arch", "?")));

        List<SweepRun> drawn = sweep.runs().stream().filter(r -> r.curve() != null).toList();
        page.heading(2, "Fitness", "fitness");
        if (drawn.isEmpty()) {
            page.note("No run has a committed generation yet.");
        } else {
            int top = drawn.get(0).curve().top();
            page.plot("sweep-fitness", ReportCharts.sweepFitness(drawn.stream().map(SweepRun::label).toList(),
                    drawn.stream().map(SweepRun::curve).toList()), "Per run (colour; the legend gives the grid "
                    + "values that vary across the sweep): the mean of the " + top + " highest fitness values among "
                    + "the non-diverged agents of each generation (solid) and their mean fitness (dashed), from the "
                    + "agents table.");
            List<List<String>> rows = new ArrayList<>();
            for (SweepRun r : drawn) {
                FitnessCurve c = r.curve();
                for (int i = 0; i < c.generation().length; i++) {
                    rows.add(List.of(r.label(), Integer.toString((int) c.generation()[i]),
                            RunReport.num(c.topMean()[i]), RunReport.num(c.mean()[i]), Long.toString(c.agents()[i])));
                }
            }
            page.collapsedTable("The numbers: top-" + top + " mean and mean fitness per run and generation",
                    "fitness", List.of("run", "generation", "top-" + top + " mean", "mean", "agents"), rows);
        }

        if (SweepReportSeeds.anyReplicated(sweep.points())) {
            seeds(page, sweep.points());
        }

        page.heading(2, "Hyperparameter clouds", "clouds");
        page.paragraph("For each run, the hyperparameters of the non-diverged agents after generations 2, ⌈G/2⌉ and "
                + "G (G = the run's last committed generation): x and y are the first two non-categorical "
                + "coordinates of the run's hyperparameter space in name order (categorical ones fill in when there "
                + "are fewer), on log axes for log-scale coordinates and fixed to the coordinates' bounds; a third "
                + "coordinate colours the points. With a single coordinate, its value is plotted against fitness. "
                + "At most " + ReportQueries.CLOUD_POINTS + " agents are drawn per cloud: in larger populations the "
                + ReportQueries.CLOUD_POINTS + " with the smallest xxhash64(agent_id), a deterministic sample that "
                + "follows the same agent ids through the generations.");
        for (SweepRun r : sweep.runs()) {
            page.heading(3, r.label().equals(r.key()) ? r.key() : r.label() + "   (" + r.key() + ")", null);
            if (r.curve() == null) {
                page.note("No committed generation yet.");
            } else if (r.axes() == null) {
                page.note("The run has no hyperparameters.");
            } else {
                List<HtmlPage.Figure> figures = new ArrayList<>();
                for (Cloud c : r.clouds()) {
                    if (c.size() == 0) {
                        page.note("Generation " + c.generation() + ": no non-diverged agent.");
                        continue;
                    }
                    String caption = "Generation " + c.generation() + ": " + (c.size() < c.agents()
                            ? c.size() + " of " + c.agents() + " agents (deterministic sample)."
                            : "all " + c.agents() + " agents.");
                    figures.add(new HtmlPage.Figure("cloud-" + r.key() + "-g" + c.generation(),
                            ReportCharts.cloud("generation " + c.generation(), r.axes(), c), caption));
                }
                page.plotRow(figures);
            }
        }

        page.heading(2, "Runs", "runs");
        List<List<String>> rows = sweep.runs().stream().map(SweepRun::row).filter(x -> x != null).toList();
        if (rows.isEmpty()) {
            page.note("The sweep has no runs table (" + RunsTable.FILE + ") yet.");
        } else {
            page.table("runs", sweep.header(), rows);
        }

        page.heading(2, "Provenance", "provenance");
        page.keyValues("provenance", f);
        page.heading(3, "Resolved config shared by every run", null);
        page.keyValues("config", sweep.provenance().config());
        return page.render();
    }

    /** The seeds section: mean ± SE band chart per grid point, its numbers per generation and the points table. */
    private static void seeds(HtmlPage page, List<SweepReportSeeds.Point> points) {
        page.heading(2, "Over seeds", "seeds");
        page.plot("sweep-seeds", SweepReportSeeds.chart(points), "Per grid point (runs that differ only in the seed; "
                + "colour): the mean over its seeds of the top-" + ReportQueries.TOP + " mean fitness (solid) and of "
                + "the population mean fitness (dashed) per generation, each with the band mean ± 1 standard error, "
                + "SE = s/√n with s the sample standard deviation over the n seeds; generations that every seed of "
                + "the point has committed, runs with status done.");
        page.collapsedTable("The numbers per grid point and generation", "seed-curves",
                SweepReportSeeds.curveHeader(), SweepReportSeeds.curveTable(points));
        page.table("points", SweepReportSeeds.header(), SweepReportSeeds.table(points));
    }

    /** Collects, renders and writes the report to {@code out} (default {@code DIR/report.html}); returns the path. */
    public static StoragePath write(SparkSession spark, StoragePath dir, StoragePath out) {
        RunReport.headless();
        String html = render(collect(spark, dir));
        return RunReport.writeHtml(out == null ? dir.resolve(RunReport.DEFAULT_NAME) : out, html);
    }

    private static JsonNode readJson(StoragePath file) {
        if (!file.isFile()) {
            return null;
        }
        try {
            return JSON.readTree(file.readBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A runs-table value as text: numbers in plain decimal as in run keys ({@code 0.0001}, {@code 2}). */
    private static String value(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? new BigDecimal(d.toString()).stripTrailingZeros().toPlainString()
                    : d.toString();
        }
        return v.toString();
    }

    private static String number(Object v) {
        return v instanceof Number n ? RunReport.num(n.doubleValue()) : "";
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return String.join(", ", out);
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "(none)" : s;
    }
}
