package dev.popdyn.jobs.report;

import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.report.ReportData.Ancestry;
import dev.popdyn.jobs.report.ReportData.Density;
import dev.popdyn.jobs.report.ReportData.FitnessCurve;
import dev.popdyn.jobs.report.ReportData.LimitStudy;
import dev.popdyn.jobs.report.ReportData.Optimum;
import dev.popdyn.jobs.report.ReportData.OptionalTable;
import dev.popdyn.jobs.report.ReportData.Provenance;
import dev.popdyn.jobs.report.ReportData.SummaryColumns;
import dev.popdyn.jobs.report.ReportData.Trajectory;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.RunSchema;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code popdyn report}: one self-contained HTML file describing a run's dynamics — fitness (best, top-5 mean, mean,
 * q05–q95), per-hyperparameter density heat maps and mean paths with the effective-fitness optimum where known,
 * ESS/N and distinct donors, exploit counts, the best final agent's inherited schedule, W1 to the mean-field
 * reference (when recorded), and provenance (a sweep directory gets {@link SweepReport} instead). Tables that later
 * issues add are drawn only when present: {@code RUN/limit} (W1 vs N, log-log with fitted slope) and
 * {@code RUN/trajectory} (risk curves). Data comes only through Spark SQL aggregations ({@link ReportQueries}). Not
 * thread-safe (registers temporary views in the session).
 */
public final class RunReport {
    /** File name used when no {@code --out} is given (inside the run directory). */
    public static final String DEFAULT_NAME = "report.html";
    public static final String LIMIT_TABLE = "limit";
    public static final String TRAJECTORY_TABLE = "trajectory";

    private RunReport() {
    }

    /** Reads everything the report shows (O(generations × bins) rows on the driver). */
    public static ReportData.Run collect(SparkSession spark, StoragePath runDir) {
        RunViews.register(spark, runDir);
        RunDirectory rd = new RunDirectory(runDir);
        RunManifest manifest = RunManifest.read(rd);
        Provenance provenance = ReportQueries.provenance(manifest);
        HyperSpace space = manifest.params().hyper();
        ReportQueries q = new ReportQueries(spark);
        SummaryColumns summary = q.summary();
        FitnessCurve top = q.fitnessCurve(ReportQueries.TOP);
        List<Density> densities = space.size() > 0 ? q.densities(space) : List.of();
        Ancestry ancestry = q.ancestry(space, rd.committedGenerations());
        List<Optimum> optima = EffectiveOptimum.of(provenance.config(), space.names());

        List<OptionalTable> optional = new ArrayList<>();
        LimitStudy limit = null;
        StoragePath limitDir = rd.root().resolve(LIMIT_TABLE);
        OptionalTable lt = check(q, limitDir, LIMIT_TABLE, ReportQueries.LIMIT_COLUMNS);
        optional.add(lt);
        if (lt.present()) {
            limit = q.limit(limitDir);
        }
        Trajectory trajectory = null;
        StoragePath trajDir = rd.root().resolve(TRAJECTORY_TABLE);
        OptionalTable tt = check(q, trajDir, TRAJECTORY_TABLE, ReportQueries.TRAJECTORY_COLUMNS);
        optional.add(tt);
        if (tt.present()) {
            trajectory = q.trajectory(trajDir, !rd.committedUris(RunSchema.TRAJECTORY).isEmpty());
        }
        return new ReportData.Run(runDir.name(), provenance, summary, top, densities, ancestry, optima, limit, trajectory, optional);
    }

    /** Present only if the table folder exists and has the columns the plot needs. */
    private static OptionalTable check(ReportQueries q, StoragePath dir, String name, List<String> needed) {
        String expected = "RUN/" + name + "/ (Parquet, columns " + String.join(", ", needed) + ")";
        if (!ReportQueries.present(dir)) {
            return new OptionalTable(name, expected, false, "not present in this run");
        }
        List<String> have = q.columns(dir);
        List<String> missing = new ArrayList<>(needed);
        missing.removeAll(have);
        if (!missing.isEmpty()) {
            return new OptionalTable(name, expected, false, "present but lacks columns " + missing);
        }
        return new OptionalTable(name, expected, true, "present");
    }

    /** Renders the collected data as one HTML document. */
    public static String render(ReportData.Run run) {
        Map<String, String> f = run.provenance().fields();
        SummaryColumns s = run.summary();
        HtmlPage page = new HtmlPage("popdyn report — " + run.name());
        int last = s.size() == 0 ? 0 : (int) s.generation()[s.size() - 1];
        page.paragraph(String.format(Locale.ROOT, "Model %s, N = %s, %d of %s generations committed, seed %s.",
                f.getOrDefault("model", "?"), f.getOrDefault("population", "?"), s.size(),
                f.getOrDefault("generations", "?"), f.getOrDefault("seed", "?")));
        if (s.size() > 0) {
            page.paragraph(String.format(Locale.ROOT, "Generation %d: best fitness %.6g, mean %.6g.", last,
                    s.get("fitness_max")[s.size() - 1], s.get("fitness_mean")[s.size() - 1]));
        }

        page.heading(2, "Fitness", "fitness");
        page.plot("fitness", ReportCharts.fitness(s, run.top()), "Best (max), mean and the q05–q95 band of fitness "
                + "over non-diverged agents, per generation (summary table), and the mean of the " + run.top().top()
                + " highest fitness values (dashed; agents table).");

        if (!run.densities().isEmpty()) {
            page.heading(2, "Hyperparameters", "hyperparameters");
        }
        for (Density d : run.densities()) {
            Optimum o = EffectiveOptimum.find(run.optima(), d.hyper());
            page.heading(3, d.hyper(), null);
            if (o != null) {
                page.paragraph(String.format(Locale.ROOT, "Effective-fitness optimum: %s* = %.6g (%s).", d.hyper(),
                        o.value(), o.formula()));
            }
            page.plot("density-" + d.hyper(), ReportCharts.density(d, o), String.format(Locale.ROOT,
                    "Share of agents per generation in %d %s bins of %s on [%s, %s] (agents table).",
                    ReportQueries.BINS, d.logScale() ? "log10" : "linear", d.hyper(), num(d.lo()), num(d.hi())));
            page.plot("path-" + d.hyper(), ReportCharts.hyperPath(d.hyper(), s, o), "Mean of " + d.hyper()
                    + " with its q05–q95 band" + (o == null ? "" : " and the optimum (dashed)") + " (summary table).");
        }

        page.heading(2, "Selection", "selection");
        page.plot("diversity", ReportCharts.diversity(s), "ESS/N of the selection weights and the number of "
                + "distinct donors relative to N, per generation.");
        page.plot("exploits", ReportCharts.exploits(s), "Agents that copied a donor (exploited), had a coordinate "
                + "resampled from its prior, or diverged, per generation.");

        page.heading(2, "Lineage of the best agent", "lineage");
        Ancestry a = run.ancestry();
        if (a == null) {
            page.note("No non-diverged agent in the last generation.");
        } else {
            page.paragraph("Agent " + a.bestAgent() + " has the highest fitness in generation " + last + ". Walking "
                    + "back through lineage.donor_id gives the agent it descends from in each generation and the λ "
                    + "that ancestor carried: the hyperparameter schedule the lineage followed (input for replay).");
            for (String h : a.hyper().keySet()) {
                page.plot("schedule-" + h, ReportCharts.schedule(a, h, EffectiveOptimum.find(run.optima(), h)),
                        "λ." + h + " of the ancestor in each generation; diamonds mark generations whose "
                                + "ancestor had just copied a donor.");
            }
            List<String> header = new ArrayList<>(List.of("generation", "ancestor agent_id", "arrived by",
                    "fitness"));
            header.addAll(a.hyper().keySet());
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < a.generation().length; i++) {
                List<String> r = new ArrayList<>();
                r.add(Integer.toString(a.generation()[i]));
                r.add(Long.toString(a.agentId()[i]));
                r.add(i == 0 ? "initial" : a.exploited()[i] ? "exploit" : "kept");
                r.add(num(a.fitness()[i]));
                for (double[] v : a.hyper().values()) {
                    r.add(num(v[i]));
                }
                rows.add(r);
            }
            page.table("lineage", header, rows);
        }

        double[] w1 = s.get("w1_reference");
        if (w1 != null && anyFinite(w1)) {
            page.heading(2, "Mean-field reference", "w1");
            page.plot("w1", ReportCharts.w1(s), "Wasserstein-1 distance between the population's λ and the "
                    + "mean-field reference, per generation.");
        }
        if (run.limit() != null) {
            page.heading(2, "Limit study", "limit");
            page.plot("limit", ReportCharts.limit(run.limit()), String.format(Locale.ROOT,
                    "Mean W1 against N on log-log axes with the least-squares fit (slope %.3f).",
                    run.limit().slope()));
        }
        if (run.trajectory() != null) {
            page.heading(2, "Trajectories", "trajectory");
            page.plot("trajectory", ReportCharts.trajectory(run.trajectory()),
                    "Mean risk and its q05–q95 band over time.");
        }
        List<String> absent = absentSections(run);
        if (!absent.isEmpty()) {
            page.heading(2, "Not in this run", "absent");
            page.paragraph("Sections drawn only when the run has their data: " + String.join("; ", absent) + ".");
        }

        page.heading(2, "Provenance", "provenance");
        page.keyValues("provenance", f);
        page.heading(3, "Resolved config", null);
        page.keyValues("config", run.provenance().config());
        return page.render();
    }

    /**
     * One line per section the run has no data for (mean-field reference, limit study, trajectories), saying what
     * would draw it.
     */
    private static List<String> absentSections(ReportData.Run run) {
        List<String> absent = new ArrayList<>();
        double[] w1 = run.summary().get("w1_reference");
        if (w1 == null || !anyFinite(w1)) {
            absent.add("mean-field reference (summary.w1_reference, recorded for configs with a mean-field "
                    + "reference)");
        }
        if (run.limit() == null) {
            absent.add(optionalNote("limit study", run.optional().get(0)));
        }
        if (run.trajectory() == null) {
            absent.add(optionalNote("trajectories", run.optional().get(1)));
        }
        return absent;
    }

    private static String optionalNote(String section, OptionalTable t) {
        return section + " (the table " + t.expected() + ": " + (t.present() ? "present but has no usable rows"
                : t.note()) + ")";
    }

    /** Collects, renders and writes the report to {@code out} (default {@code RUN/report.html}); returns the path. */
    public static StoragePath write(SparkSession spark, StoragePath runDir, StoragePath out) {
        headless();
        String html = render(collect(spark, runDir));
        return writeHtml(out == null ? runDir.resolve(DEFAULT_NAME) : out, html);
    }

    /** Makes AWT (used by the chart encoder) headless unless the caller decided otherwise. */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Writes a rendered page to {@code target}, or to {@value #DEFAULT_NAME} inside it when {@code target} is an
     * existing directory, on any Hadoop file system, creating the parent folder; returns the file written. A file
     * that cannot be written is a {@link dev.popdyn.jobs.UserError} naming {@code --out}.
     */
    static StoragePath writeHtml(StoragePath target, String html) {
        StoragePath file = target.isDirectory() ? target.resolve(DEFAULT_NAME) : target;
        try {
            file.parent().mkdirs();
            file.writeString(html);
        } catch (RuntimeException e) {
            throw new dev.popdyn.jobs.UserError("--out: cannot write " + file + ": " + e.getMessage()
                    + " (a writable file or directory)");
        }
        return file;
    }

    private static boolean anyFinite(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x)) {
                return true;
            }
        }
        return false;
    }

    static String num(double x) {
        return Double.isNaN(x) ? "NaN" : String.format(Locale.ROOT, "%.6g", x);
    }
}
