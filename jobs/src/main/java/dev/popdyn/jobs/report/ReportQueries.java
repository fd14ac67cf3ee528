package dev.popdyn.jobs.report;

import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import dev.popdyn.core.timescales.PowerLawFit;
import dev.popdyn.jobs.report.ReportData.Ancestry;
import dev.popdyn.jobs.report.ReportData.Cloud;
import dev.popdyn.jobs.report.ReportData.CloudAxes;
import dev.popdyn.jobs.report.ReportData.Density;
import dev.popdyn.jobs.report.ReportData.FitnessCurve;
import dev.popdyn.jobs.report.ReportData.LimitStudy;
import dev.popdyn.jobs.report.ReportData.Provenance;
import dev.popdyn.jobs.report.ReportData.SummaryColumns;
import dev.popdyn.jobs.report.ReportData.Trajectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The report's data access: Spark SQL over the views {@code agents}, {@code lineage}, {@code summary} (registered by
 * {@link dev.popdyn.jobs.query.RunViews}; on a sweep they carry a leading {@code run} column) and, when present, the
 * {@code limit} and {@code trajectory} tables. Every query aggregates on the executors, so the driver only collects
 * O(generations × bins) rows (O(generations) for the lineage walk and the fitness curves, O(population sizes) for the
 * limit study, at most {@link #CLOUD_POINTS} per hyperparameter cloud) — never one row per agent. Not thread-safe
 * (uses the session's temporary views).
 */
public final class ReportQueries {
    /** Density bins per hyperparameter. */
    public static final int BINS = 40;
    /** How many of the highest fitness values a generation's top mean averages (the seed's CartPole figure: 5). */
    public static final int TOP = 5;
    /** At most this many agents are drawn per hyperparameter cloud (a deterministic sample beyond it). */
    public static final int CLOUD_POINTS = 2000;
    /** Columns a {@code limit/} study table must have for the W1-vs-N plot (one row per run or replicate). */
    public static final List<String> LIMIT_COLUMNS = List.of("population", "w1");
    /** Columns a {@code trajectory/} table must have for the risk curves (one row per agent and time point). */
    public static final List<String> TRAJECTORY_COLUMNS = List.of("time", "risk");

    private final SparkSession spark;

    public ReportQueries(SparkSession spark) {
        this.spark = spark;
    }

    /** The summary table as columns (every numeric column), ordered by generation. */
    public SummaryColumns summary() {
        List<Row> rows = spark.sql("SELECT * FROM summary ORDER BY generation").collectAsList();
        int n = rows.size();
        double[] gen = new double[n];
        Map<String, double[]> cols = new LinkedHashMap<>();
        if (n == 0) {
            return new SummaryColumns(gen, cols);
        }
        StructField[] fields = rows.get(0).schema().fields();
        for (StructField f : fields) {
            if (!f.name().equals("generation")) {
                cols.put(f.name(), new double[n]);
            }
        }
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            gen[i] = ((Number) r.getAs("generation")).doubleValue();
            for (Map.Entry<String, double[]> e : cols.entrySet()) {
                Object v = r.getAs(e.getKey());
                e.getValue()[i] = v instanceof Number x ? x.doubleValue() : Double.NaN;
            }
        }
        return new SummaryColumns(gen, cols);
    }

    /** The density of each hyperparameter over generations, binned between its bounds in its own scale. */
    public List<Density> densities(HyperSpace space) {
        List<Density> out = new ArrayList<>();
        for (HyperDim d : space.dims()) {
            out.add(density(d));
        }
        return out;
    }

    private Density density(HyperDim d) {
        boolean log = d.scale() == Scale.LOG;
        double lo = log ? Math.log10(d.lo()) : d.lo();
        double hi = log ? Math.log10(d.hi()) : d.hi();
        double width = hi > lo ? hi - lo : 1.0;
        String value = "hyper." + quote(d.name());
        String u = log ? "log10(" + value + ")" : value;
        String sql = String.format(Locale.ROOT, """
                SELECT generation, bin, count(*) AS n, sum(count(*)) OVER (PARTITION BY generation) AS total
                FROM (SELECT generation, least(%d, greatest(0, cast(floor((%s - %s) / %s * %d) AS INT))) AS bin
                      FROM agents WHERE %s IS NOT NULL AND NOT isnan(%s))
                GROUP BY generation, bin ORDER BY generation, bin""",
                BINS - 1, u, Double.toString(lo), Double.toString(width), BINS, value, value);
        List<Row> rows = spark.sql(sql).collectAsList();
        List<Integer> gens = new ArrayList<>();
        for (Row r : rows) {
            int g = r.getInt(0);
            if (gens.isEmpty() || gens.get(gens.size() - 1) != g) {
                gens.add(g);
            }
        }
        double[][] frac = new double[gens.size()][BINS];
        int gi = -1;
        int last = Integer.MIN_VALUE;
        for (Row r : rows) {
            int g = r.getInt(0);
            if (g != last) {
                gi++;
                last = g;
            }
            frac[gi][r.getInt(1)] = r.getLong(2) / (double) r.getLong(3);
        }
        double[] centers = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            double c = lo + (b + 0.5) * width / BINS;
            centers[b] = log ? Math.pow(10, c) : c;
        }
        double[] g = gens.stream().mapToDouble(Integer::doubleValue).toArray();
        return new Density(d.name(), log, d.lo(), d.hi(), g, centers, frac);
    }

    /**
     * Walks the best agent of the last committed generation back through {@code lineage.donor_id}: the ancestor at
     * generation g−1 of agent x at g is {@code lineage(g−1, x).donor_id}, or x itself when it was kept. One pruned
     * lookup per generation, then one query for the ancestors' λ and fitness; O(generations) rows in all.
     */
    public Ancestry ancestry(HyperSpace space, List<Integer> generations) {
        if (generations.isEmpty()) {
            return null;
        }
        int lastGen = generations.get(generations.size() - 1);
        List<Row> best = spark.sql("SELECT agent_id FROM agents WHERE generation = " + lastGen
                + " AND status = 'ok' ORDER BY fitness DESC, agent_id LIMIT 1").collectAsList();
        if (best.isEmpty()) {
            return null;
        }
        long bestId = best.get(0).getLong(0);
        int n = generations.size();
        long[] ids = new long[n];
        boolean[] exploited = new boolean[n];
        ids[n - 1] = bestId;
        for (int i = n - 1; i > 0; i--) {
            int previous = generations.get(i - 1);
            List<Row> l = spark.sql("SELECT donor_id FROM lineage WHERE generation = " + previous
                    + " AND agent_id = " + ids[i]).collectAsList();
            boolean hasDonor = !l.isEmpty() && !l.get(0).isNullAt(0);
            exploited[i] = hasDonor;
            ids[i - 1] = hasDonor ? l.get(0).getLong(0) : ids[i];
        }
        StringJoiner where = new StringJoiner(" OR ");
        for (int i = 0; i < n; i++) {
            where.add("(generation = " + generations.get(i) + " AND agent_id = " + ids[i] + ")");
        }
        StringBuilder select = new StringBuilder("SELECT generation, fitness");
        for (String h : space.names()) {
            select.append(", hyper.").append(quote(h)).append(" AS ").append(quote("h_" + h));
        }
        List<Row> rows = spark.sql(select + " FROM agents WHERE " + where).collectAsList();
        Map<Integer, Row> byGen = new LinkedHashMap<>();
        for (Row r : rows) {
            byGen.put(r.getInt(0), r);
        }
        int[] gens = new int[n];
        double[] fitness = new double[n];
        Map<String, double[]> hyper = new LinkedHashMap<>();
        for (String h : space.names()) {
            hyper.put(h, new double[n]);
        }
        for (int i = 0; i < n; i++) {
            gens[i] = generations.get(i);
            Row r = byGen.get(gens[i]);
            fitness[i] = r == null ? Double.NaN : r.getDouble(1);
            int k = 2;
            for (String h : space.names()) {
                hyper.get(h)[i] = r == null || r.isNullAt(k) ? Double.NaN : r.getDouble(k);
                k++;
            }
        }
        return new Ancestry(bestId, gens, ids, fitness, exploited, hyper);
    }

    /** The run's fitness curve: per generation the mean of the {@code top} highest fitness values and the mean. */
    public FitnessCurve fitnessCurve(int top) {
        return fitnessCurves(false, top).getOrDefault("", new FitnessCurve(top, new double[0], new double[0],
                new double[0], new long[0]));
    }

    /** A sweep's fitness curves by run key ({@link #fitnessCurve} of every run, in one query). */
    public Map<String, FitnessCurve> sweepFitnessCurves(int top) {
        return fitnessCurves(true, top);
    }

    /**
     * Over the non-diverged agents of each generation (of each run on a sweep): the mean of the {@code top} highest
     * fitness values, found with {@code row_number()} over the generation's window on the executors, and the mean
     * fitness; plus the generation's number of agents. O(runs × generations) rows reach the driver.
     */
    private Map<String, FitnessCurve> fitnessCurves(boolean sweep, int top) {
        String by = sweep ? "run, generation" : "generation";
        String sql = String.format(Locale.ROOT, """
                WITH ranked AS (
                  SELECT %1$s, fitness,
                         row_number() OVER (PARTITION BY %1$s ORDER BY fitness DESC, agent_id) AS r
                  FROM agents WHERE status = 'ok'),
                best AS (SELECT %1$s, avg(fitness) AS top_mean FROM ranked WHERE r <= %2$d GROUP BY %1$s),
                everyone AS (SELECT %1$s, avg(CASE WHEN status = 'ok' THEN fitness END) AS mean, count(*) AS n
                             FROM agents GROUP BY %1$s)
                SELECT %3$s, generation, top_mean, mean, n FROM everyone LEFT JOIN best USING (%1$s)
                ORDER BY %1$s""", by, top, sweep ? "run" : "'' AS run");
        Map<String, List<Row>> byRun = new LinkedHashMap<>();
        for (Row r : spark.sql(sql).collectAsList()) {
            byRun.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        }
        Map<String, FitnessCurve> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Row>> e : byRun.entrySet()) {
            List<Row> rows = e.getValue();
            int n = rows.size();
            double[] gen = new double[n];
            double[] topMean = new double[n];
            double[] mean = new double[n];
            long[] agents = new long[n];
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i);
                gen[i] = r.getInt(1);
                topMean[i] = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
                mean[i] = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
                agents[i] = r.getLong(4);
            }
            out.put(e.getKey(), new FitnessCurve(top, gen, topMean, mean, agents));
        }
        return out;
    }

    /**
     * The hyperparameter clouds of sweep run {@code run} at {@code generations}: per generation the non-diverged
     * agents' coordinates (and fitness when the axes have no y coordinate) — at most {@code limit} of them, those
     * with the smallest {@code xxhash64(agent_id)} (ties by id), a deterministic sample that follows the same agent
     * ids from generation to generation. At most generations × limit rows reach the driver.
     */
    public List<Cloud> clouds(String run, CloudAxes axes, List<Integer> generations, int limit) {
        if (generations.isEmpty()) {
            return List.of();
        }
        StringJoiner in = new StringJoiner(", ");
        generations.forEach(g -> in.add(Integer.toString(g)));
        String x = "hyper." + quote(axes.x().name());
        String y = axes.y() == null ? "fitness" : "hyper." + quote(axes.y().name());
        String c = axes.colour() == null ? "CAST(NULL AS DOUBLE)" : "hyper." + quote(axes.colour().name());
        String sql = String.format(Locale.ROOT, """
                SELECT generation, x, y, c, agents FROM (
                  SELECT generation, %s AS x, %s AS y, %s AS c,
                         row_number() OVER (PARTITION BY generation ORDER BY xxhash64(agent_id), agent_id) AS r,
                         count(*) OVER (PARTITION BY generation) AS agents
                  FROM agents WHERE run = :run AND status = 'ok' AND generation IN (%s))
                WHERE r <= %d ORDER BY generation, r""", x, y, c, in, limit);
        Map<Integer, List<Row>> byGen = new LinkedHashMap<>();
        for (Row r : spark.sql(sql, Map.<String, Object>of("run", run)).collectAsList()) {
            byGen.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r);
        }
        List<Cloud> out = new ArrayList<>();
        for (int g : generations) {
            List<Row> rows = byGen.getOrDefault(g, List.of());
            int n = rows.size();
            double[] xs = new double[n];
            double[] ys = new double[n];
            double[] cs = axes.colour() == null ? null : new double[n];
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i);
                xs[i] = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
                ys[i] = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
                if (cs != null) {
                    cs[i] = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
                }
            }
            out.add(new Cloud(g, n == 0 ? 0 : rows.get(0).getLong(4), xs, ys, cs));
        }
        return out;
    }

    /**
     * Mean W1 per population size from a {@code limit} table (columns {@link #LIMIT_COLUMNS}) with the
     * least-squares slope of log W1 on log N; null when it has no usable row.
     */
    public LimitStudy limit(StoragePath table) {
        spark.read().parquet(table.uri()).createOrReplaceTempView("limit_study");
        List<Row> rows = spark.sql("SELECT cast(population AS DOUBLE), avg(w1) FROM limit_study "
                + "WHERE w1 > 0 AND population > 0 GROUP BY population ORDER BY population").collectAsList();
        int n = rows.size();
        if (n == 0) {
            return null;
        }
        double[] pop = new double[n];
        double[] w1 = new double[n];
        for (int i = 0; i < n; i++) {
            pop[i] = rows.get(i).getDouble(0);
            w1[i] = rows.get(i).getDouble(1);
        }
        PowerLawFit fit = PowerLawFit.of(pop, w1);
        return new LimitStudy(pop, w1, fit.exponent(), Math.log(fit.prefactor()));
    }

    /**
     * Mean risk and its 5–95 % band per time point ({@link #TRAJECTORY_COLUMNS}): when {@code committed}, from the
     * {@code trajectory} view that {@link dev.popdyn.jobs.query.RunViews} registered over the files the markers list;
     * else (a table no marker lists, e.g. written by hand) from the folder {@code table}.
     */
    public Trajectory trajectory(StoragePath table, boolean committed) {
        if (!committed) {
            spark.read().parquet(table.uri()).createOrReplaceTempView("trajectory");
        }
        List<Row> rows = spark.sql("SELECT cast(time AS DOUBLE), avg(risk), percentile_approx(risk, 0.05), "
                + "percentile_approx(risk, 0.95) FROM trajectory GROUP BY time ORDER BY time").collectAsList();
        int n = rows.size();
        if (n == 0) {
            return null;
        }
        double[] t = new double[n];
        double[] mean = new double[n];
        double[] q05 = new double[n];
        double[] q95 = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            t[i] = r.getDouble(0);
            mean[i] = ((Number) r.get(1)).doubleValue();
            q05[i] = ((Number) r.get(2)).doubleValue();
            q95[i] = ((Number) r.get(3)).doubleValue();
        }
        return new Trajectory(t, mean, q05, q95);
    }

    /** The column names of a Parquet table (reads the footer only). */
    public List<String> columns(StoragePath table) {
        return List.of(spark.read().parquet(table.uri()).columns());
    }

    /** Provenance: run.json's scalar fields ({@link RunManifest#provenanceFields}) and its resolved config map. */
    public static Provenance provenance(RunManifest manifest) {
        return new Provenance(manifest.provenanceFields(), new LinkedHashMap<>(manifest.config()));
    }

    /** Whether a table folder exists under the run directory. */
    public static boolean present(StoragePath table) {
        return table.isDirectory();
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
