package dev.popdyn.notebooks;

import java.util.List;

/**
 * The source of the Zeppelin notes in {@code notebooks/}: titles, interpreters and paragraph texts. {@link NoteFiles}
 * turns them into {@code .zpln} files with Zeppelin's own note classes; {@link NotebookFormatTest} checks that the
 * committed files still hold exactly these paragraphs. Every note starts with one {@code %spark(form=simple)}
 * paragraph that registers temporary views through popdyn's Spark API ({@code dev.popdyn.jobs.api.Popdyn}) from the
 * directory in the dynamic form {@code ${run=…}} (or runs an experiment into {@code ${out=…}}); the other paragraphs
 * are {@code %spark.sql}, or {@code %spark} where SQL alone does not do on every Spark version. Immutable and thread-safe.
 */
final class PopdynNotes {
    /** The default of the {@code run} dynamic form: replace it with the absolute path of a run (or of a sweep). */
    static final String RUN_FORM = "${run=/path/to/popdyn/data/sample-run}";
    static final String SWEEP_FORM = "${run=/path/to/popdyn/data}";

    /** A paragraph: title, text (first line is the interpreter), and an optional chart for its first result. */
    record Para(String title, String text, Chart chart) {
        Para(String title, String text) {
            this(title, text, null);
        }
    }

    /**
     * A Zeppelin chart setting for a paragraph's first result: mode (lineChart, multiBarChart, scatterChart), the
     * result's columns in order (Zeppelin refers to columns by name and index), and the key, value and group columns.
     */
    record Chart(String mode, List<String> columns, List<String> keys, List<String> values, List<String> groups) {
    }

    /** A note: Zeppelin id, path (folder and name, as shown in Zeppelin), paragraphs. */
    record NoteSpec(String id, String path, List<Para> paragraphs) {
        String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** The file name Zeppelin 0.9+ uses: {@code <name>_<id>.zpln}. */
        String fileName() {
            return name() + "_" + id + ".zpln";
        }
    }

    /**
     * Registers agents, lineage, summary (committed generations only) and run_info (run.json) of one run, through
     * popdyn's Spark API (the shaded jar among the interpreter's dependencies).
     */
    static final String REGISTER_RUN = """
            %spark(form=simple)
            // popdyn: temporary views agents, lineage, summary over the committed generations of one run, run_info = run.json.
            // Popdyn.open reads a generation only once its marker _committed/G exists (needs the popdyn-jobs shaded jar).
            import dev.popdyn.jobs.api.Popdyn
            val run = Popdyn.open(spark, "RUN_FORM")
            run.agents.createOrReplaceTempView("agents")
            run.lineage.createOrReplaceTempView("lineage")
            run.summary.createOrReplaceTempView("summary")
            spark.read.option("multiLine", "true").json(new org.apache.hadoop.fs.Path(run.dir, "run.json").toString).createOrReplaceTempView("run_info")
            println("registered agents, lineage, summary, run_info: " + run.summary.count + " committed generations of " + run.dir)
            """.replace("RUN_FORM", RUN_FORM);

    /**
     * Registers sweep_summary (the summary rows of every run, with its folder name as {@code run} and its N) and
     * sweep_runs (one row per run from run.json, config as a JSON string) for a folder of runs or a single run.
     */
    static final String REGISTER_SWEEP = """
            %spark(form=simple)
            // popdyn: temporary views sweep_summary and sweep_runs over a folder of run directories (a sweep), or over one run.
            // Popdyn.open reads committed generations only; a folder without run.json is skipped.
            import dev.popdyn.jobs.api.Popdyn
            import org.apache.hadoop.fs.Path
            import org.apache.spark.sql.functions.lit
            val top = new Path("RUN_FORM")
            val fs = top.getFileSystem(spark.sparkContext.hadoopConfiguration)
            val dirs = (Seq(top) ++ fs.listStatus(top).filter(_.isDirectory).map(_.getPath).sortBy(_.getName)).filter(p => fs.exists(new Path(p, "run.json")))
            val runs = dirs.map(p => (p.getName, Popdyn.open(spark, p.toString)))
            runs.map { case (name, r) => spark.read.option("multiLine", "true").json(new Path(r.dir, "run.json").toString)
              .selectExpr("run_id", "model", "population", "generations", "seed", "config_sha256", "to_json(config) AS config")
              .withColumn("run", lit(name)) }.reduce(_ union _).createOrReplaceTempView("sweep_runs")
            runs.map { case (name, r) => r.summary
              .selectExpr("generation", "n", "fitness_mean", "fitness_max", "fitness_q05", "fitness_q95", "ess_frac", "exploited", "w1_reference")
              .withColumn("run", lit(name)) }.reduce(_ union _).createOrReplaceTempView("sweep_summary")
            println("registered sweep_runs, sweep_summary: " + runs.length + " runs under " + top)
            """.replace("RUN_FORM", SWEEP_FORM);

    /** A JSON path into run_info.config (keys contain dots, so they are read from the config as JSON). */
    private static String cfg(String key) {
        return "get_json_object(to_json(config), '$[\"" + key + "\"]')";
    }

    /** The hyperparameters of each agent as rows (generation, hyper, value), whatever their names. */
    private static final String HYPER_LONG = """
            SELECT generation, agent_id, e.key AS hyper, e.value AS value
              FROM agents LATERAL VIEW explode(from_json(to_json(hyper), 'map<string,double>')) e AS key, value""";

    static final NoteSpec OVERVIEW = new NoteSpec("2POPDYN01", "/popdyn/popdyn-overview", List.of(
            new Para("Register the run's views (set the run directory in the form)", REGISTER_RUN),
            new Para("Provenance (run.json)", """
                    %spark.sql
                    SELECT run_id, model, population, generations, seed, config_sha256, schema_version, popdyn_version,
                           spark_version, java_version, git_sha, created_at
                      FROM run_info"""),
            new Para("Fitness over generations: best, mean, q05–q95", """
                    %spark.sql
                    SELECT generation, fitness_max AS best, fitness_mean AS mean, fitness_q05 AS q05, fitness_q95 AS q95
                      FROM summary ORDER BY generation""",
                    new Chart("lineChart", List.of("generation", "best", "mean", "q05", "q95"),
                            List.of("generation"), List.of("best", "mean", "q05", "q95"), List.of())),
            new Para("Selection: ESS/N, distinct donors / N", """
                    %spark.sql
                    SELECT generation, ess_frac AS ess_over_n, distinct_donors / n AS distinct_donors_over_n
                      FROM summary ORDER BY generation""",
                    new Chart("lineChart", List.of("generation", "ess_over_n", "distinct_donors_over_n"),
                            List.of("generation"), List.of("ess_over_n", "distinct_donors_over_n"),
                            List.of())),
            new Para("Exploited, resampled and diverged agents per generation", """
                    %spark.sql
                    SELECT generation, exploited, resampled, diverged FROM summary ORDER BY generation""",
                    new Chart("multiBarChart", List.of("generation", "exploited", "resampled", "diverged"),
                            List.of("generation"), List.of("exploited", "resampled", "diverged"),
                            List.of())),
            new Para("Top agents of the last committed generation (form: how many)", """
                    %spark.sql
                    SELECT agent_id, fitness, fitness_instant, age, status, to_json(hyper) AS hyper
                      FROM agents
                     WHERE generation = (SELECT max(generation) FROM agents)
                     ORDER BY fitness DESC, agent_id
                     LIMIT ${top=10}""")));

    static final NoteSpec HYPER = new NoteSpec("2POPDYN02", "/popdyn/popdyn-hyperparameter-densities", List.of(
            new Para("Register the run's views (set the run directory in the form)", REGISTER_RUN),
            new Para("Mean path and q05–q95 of each hyperparameter", """
                    %spark.sql
                    WITH v AS (HYPER_LONG)
                    SELECT hyper, generation, avg(value) AS mean, percentile_approx(value, 0.05) AS q05,
                           percentile_approx(value, 0.95) AS q95
                      FROM v GROUP BY hyper, generation ORDER BY hyper, generation""".replace("HYPER_LONG",
                    HYPER_LONG), new Chart("lineChart", List.of("hyper", "generation", "mean", "q05", "q95"),
                            List.of("generation"), List.of("mean", "q05", "q95"),
                    List.of("hyper"))),
            new Para("Density: share of agents per generation and value bin (forms: bins, linear or log scale)", """
                    %spark.sql
                    WITH v AS (SELECT generation, hyper,
                                      CASE WHEN '${scale=linear,linear|log}' = 'log' THEN log10(value) ELSE value END AS x
                                 FROM (HYPER_LONG)),
                         r AS (SELECT hyper, min(x) AS lo, greatest(max(x) - min(x), 1e-12) AS width FROM v GROUP BY hyper),
                         b AS (SELECT v.hyper, v.generation,
                                      least(${bins=30} - 1, cast(floor((v.x - r.lo) / r.width * ${bins=30}) AS INT)) AS bin,
                                      r.lo, r.width
                                 FROM v JOIN r ON v.hyper = r.hyper)
                    SELECT hyper, generation, bin, first(lo) + (bin + 0.5) * first(width) / ${bins=30} AS bin_center,
                           count(*) / sum(count(*)) OVER (PARTITION BY hyper, generation) AS share
                      FROM b GROUP BY hyper, generation, bin ORDER BY hyper, generation, bin""".replace("HYPER_LONG",
                    HYPER_LONG), new Chart("scatterChart", List.of("hyper", "generation", "bin", "bin_center", "share"),
                            List.of("generation"), List.of("bin_center", "share"),
                    List.of("hyper"))),
            new Para("Effective-fitness optimum ρ* = c²/(c·v − T/2) − 1 (quadratic model with a reg hyperparameter)",
                    """
                    %spark.sql
                    SELECT model, c, v, t,
                           CASE WHEN model = 'quadratic' AND c * v - t / 2 > 0 THEN c * c / (c * v - t / 2) - 1 END AS reg_optimum,
                           (SELECT avg(cast(get_json_object(to_json(hyper), '$.reg') AS DOUBLE)) FROM agents WHERE generation = (SELECT max(generation) FROM agents)) AS reg_mean_last
                      FROM (SELECT model, cast(CENTER AS DOUBLE) AS c, cast(TARGET AS DOUBLE) AS v,
                                   cast(TEMP AS DOUBLE) AS t FROM run_info)"""
                            .replace("CENTER", cfg("model.center")).replace("TARGET", cfg("model.target"))
                            .replace("TEMP", cfg("fast.temperature")))));

    static final NoteSpec LINEAGE = new NoteSpec("2POPDYN03", "/popdyn/popdyn-lineage-and-replay", List.of(
            new Para("Register the run's views (set the run directory in the form)", REGISTER_RUN),
            new Para("Slow-phase events per generation and the fitness gap recipients jumped", """
                    %spark.sql
                    SELECT generation, event, count(*) AS agents, avg(donor_fitness - fitness) AS mean_fitness_gain
                      FROM lineage GROUP BY generation, event ORDER BY generation, event""",
                    new Chart("multiBarChart", List.of("generation", "event", "agents", "mean_fitness_gain"),
                            List.of("generation"), List.of("agents"), List.of("event"))),
            new Para("Most copied donors per generation (form: how many)", """
                    %spark.sql
                    SELECT generation, donor_id, children, donor_fitness
                      FROM (SELECT generation, donor_id, count(*) AS children, first(donor_fitness) AS donor_fitness,
                                   row_number() OVER (PARTITION BY generation ORDER BY count(*) DESC, donor_id) AS k
                              FROM lineage WHERE donor_id IS NOT NULL GROUP BY generation, donor_id)
                     WHERE k <= ${donors=5} ORDER BY generation, k"""),
            new Para("Ancestry of the best final agent: its ancestor in every generation, walked back through lineage",
                    """
                    %spark
                    // The ancestor at generation g - 1 is the donor_id of the ancestor at g in lineage(g - 1) when it was exploited
                    // there, else the same agent id. One small lookup per generation; runs on every Spark (no recursive SQL).
                    import org.apache.spark.sql.functions.{col, max}
                    val agentsDf = spark.table("agents")
                    val lineageDf = spark.table("lineage")
                    val lastGeneration = agentsDf.agg(max("generation")).first.getInt(0)
                    val best = agentsDf.where(col("generation") === lastGeneration && col("status") === "ok")
                      .orderBy(col("fitness").desc, col("agent_id")).select("agent_id").first.getLong(0)
                    var chain = List((lastGeneration, best, "final best"))
                    var continues = true
                    while (continues && chain.head._1 > 1) {
                      val (g, id, _) = chain.head
                      val donor = lineageDf.where(col("generation") === g - 1 && col("agent_id") === id).select("donor_id").collect()
                      continues = donor.nonEmpty
                      if (continues) {
                        chain = (if (donor(0).isNullAt(0)) (g - 1, id, "kept") else (g - 1, donor(0).getLong(0), "exploit")) :: chain
                      }
                    }
                    spark.createDataFrame(chain).toDF("generation", "agent_id", "arrived_by").createOrReplaceTempView("ancestry")
                    println("ancestry of agent " + best + " over " + chain.length + " generations")"""),
            new Para("Schedule of the best final agent: its ancestor and λ in every generation — the input of popdyn "
                    + "replay", """
                    %spark.sql
                    SELECT anc.generation, anc.agent_id AS ancestor, ag.fitness, to_json(ag.hyper) AS hyper,
                           lead(anc.arrived_by) OVER (ORDER BY anc.generation) AS next_generation_by
                      FROM ancestry anc JOIN agents ag ON ag.generation = anc.generation AND ag.agent_id = anc.agent_id
                     ORDER BY anc.generation"""),
            new Para("Age (generations since the last exploit) per generation", """
                    %spark.sql
                    SELECT generation, avg(age) AS mean_age, max(age) AS max_age,
                           sum(CASE WHEN age = 0 THEN 1 ELSE 0 END) AS age_zero
                      FROM agents GROUP BY generation ORDER BY generation""",
                    new Chart("lineChart", List.of("generation", "mean_age", "max_age", "age_zero"),
                            List.of("generation"), List.of("mean_age", "max_age"), List.of()))));

    static final NoteSpec LIMIT = new NoteSpec("2POPDYN04", "/popdyn/popdyn-limit-study", List.of(
            new Para("Register a folder of runs at several N (or one run) (set the folder in the form)",
                    REGISTER_SWEEP),
            new Para("W1 to the mean-field reference over generations, per run (NaN: no reference)", """
                    %spark.sql
                    SELECT run, n AS population, generation, w1_reference FROM sweep_summary ORDER BY run, generation""",
                    new Chart("lineChart", List.of("run", "population", "generation", "w1_reference"),
                            List.of("generation"), List.of("w1_reference"), List.of("run"))),
            new Para("W1 at the last committed generation against N (plot on log-log axes)", """
                    %spark.sql
                    SELECT s.n AS population, avg(s.w1_reference) AS w1, ln(s.n) AS log_n, ln(avg(s.w1_reference)) AS log_w1,
                           count(*) AS runs
                      FROM sweep_summary s
                      JOIN (SELECT run, max(generation) AS last FROM sweep_summary GROUP BY run) m
                        ON s.run = m.run AND s.generation = m.last
                     GROUP BY s.n ORDER BY s.n"""),
            new Para("Fitted slope of log W1 on log N (propagation of chaos predicts −1/2)", """
                    %spark.sql
                    SELECT covar_pop(ln(population), ln(w1)) / var_pop(ln(population)) AS slope,
                           count(*) AS population_sizes
                      FROM (SELECT s.n AS population, avg(s.w1_reference) AS w1
                              FROM sweep_summary s
                              JOIN (SELECT run, max(generation) AS last FROM sweep_summary GROUP BY run) m
                                ON s.run = m.run AND s.generation = m.last
                             GROUP BY s.n)
                     WHERE NOT isnan(w1) AND w1 > 0""")));

    static final NoteSpec TIMESCALES = new NoteSpec("2POPDYN05", "/popdyn/popdyn-time-scales", List.of(
            new Para("Register the run's views (set the run directory in the form)", REGISTER_RUN),
            new Para("Fast time per generation τ = K·η and the time-scale ratio ε ≈ 1/τ", """
                    %spark.sql
                    SELECT k AS fast_steps, lr, k * lr AS tau, 1 / (k * lr) AS epsilon, temperature
                      FROM (SELECT cast(STEPS AS INT) AS k, cast(LR AS DOUBLE) AS lr, cast(TEMP AS DOUBLE) AS temperature
                              FROM run_info)""".replace("STEPS", cfg("fast.steps")).replace("LR", cfg("fast.lr"))
                    .replace("TEMP", cfg("fast.temperature"))),
            new Para("Fitness against fast time t = generation·τ (fixed fast.lr)", """
                    %spark.sql
                    SELECT s.generation, s.generation * p.tau AS fast_time, s.fitness_mean, s.fitness_max
                      FROM summary s CROSS JOIN (SELECT cast(STEPS AS INT) * cast(LR AS DOUBLE) AS tau FROM run_info) p
                     ORDER BY s.generation""".replace("STEPS", cfg("fast.steps")).replace("LR", cfg("fast.lr")),
                    new Chart("lineChart", List.of("generation", "fast_time", "fitness_mean", "fitness_max"),
                            List.of("fast_time"), List.of("fitness_mean", "fitness_max"), List.of())),
            new Para("Slow relaxation: first generation reaching a share (form) of the total mean-fitness gain", """
                    %spark.sql
                    WITH e AS (SELECT min_by(fitness_mean, generation) AS first, max_by(fitness_mean, generation) AS last
                                 FROM summary)
                    SELECT min(s.generation) AS generation, first(e.first) AS first_mean, first(e.last) AS last_mean
                      FROM summary s CROSS JOIN e
                     WHERE (s.fitness_mean - e.first) >= ${share=0.9} * (e.last - e.first)"""),
            new Para("Drift of each hyperparameter's mean per generation (slow velocity)", """
                    %spark.sql
                    WITH v AS (HYPER_LONG),
                         m AS (SELECT hyper, generation, avg(value) AS mean FROM v GROUP BY hyper, generation)
                    SELECT hyper, generation, mean, mean - lag(mean) OVER (PARTITION BY hyper ORDER BY generation) AS drift
                      FROM m ORDER BY hyper, generation""".replace("HYPER_LONG", HYPER_LONG),
                    new Chart("lineChart", List.of("hyper", "generation", "mean", "drift"),
                            List.of("generation"), List.of("drift"), List.of("hyper")))));

    static final NoteSpec SWEEP = new NoteSpec("2POPDYN06", "/popdyn/popdyn-sweep-comparison", List.of(
            new Para("Register a folder of runs (set the sweep folder in the form)", REGISTER_SWEEP),
            new Para("Runs in the folder", """
                    %spark.sql
                    SELECT run, run_id, model, population, generations, seed, config_sha256 FROM sweep_runs ORDER BY run"""),
            new Para("Config keys by number of distinct values across runs (swept keys first)", """
                    %spark.sql
                    SELECT key, count(DISTINCT value) AS distinct_values, concat_ws(' | ', sort_array(collect_set(value))) AS values
                      FROM (SELECT run, explode(from_json(config, 'map<string,string>')) AS (key, value) FROM sweep_runs)
                     GROUP BY key ORDER BY distinct_values DESC, key"""),
            new Para("Final fitness per run", """
                    %spark.sql
                    SELECT s.run, s.generation, s.n AS population, s.fitness_mean, s.fitness_max, s.ess_frac
                      FROM sweep_summary s
                      JOIN (SELECT run, max(generation) AS last FROM sweep_summary GROUP BY run) m
                        ON s.run = m.run AND s.generation = m.last
                     ORDER BY s.fitness_mean DESC""",
                    new Chart("multiBarChart", List.of("run", "generation", "population", "fitness_mean", "fitness_max", "ess_frac"),
                            List.of("run"), List.of("fitness_mean", "fitness_max"), List.of())),
            new Para("Mean fitness curves of all runs", """
                    %spark.sql
                    SELECT run, generation, fitness_mean FROM sweep_summary ORDER BY run, generation""",
                    new Chart("lineChart", List.of("run", "generation", "fitness_mean"),
                            List.of("generation"), List.of("fitness_mean"), List.of("run")))));

    /** Runs a small experiment from the note through popdyn's Spark API and plots its fitness. */
    static final NoteSpec RUN_IN_NOTEBOOK = new NoteSpec("2POPDYN07", "/popdyn/popdyn-run-in-notebook", List.of(
            new Para("Run a small experiment in this Spark (set an output folder in the form)", """
                    %spark(form=simple)
                    // popdyn: runs the experiment below in this note's SparkSession (needs the popdyn-jobs shaded jar) into the
                    // folder of the form, then registers its summary and agents. A folder that already holds a run is opened instead.
                    import dev.popdyn.jobs.api.Popdyn
                    val out = "${out=/tmp/popdyn-in-notebook}"
                    val config = \"\"\"
                      seed = 7
                      population = 128
                      generations = 8
                      model { name = quadratic, dim = 4, center = 1.0, target = 0.5 }
                      fast { steps = 20, lr = 0.05, temperature = 0.1 }
                      hyper { reg { lo = 0.0, hi = 3.0, init = "uniform(2, 3)" } }
                      fitness { estimator = window, window = 2 }
                      selection { rule = truncation, fraction = 0.25 }
                      mutation { sigma = 0.1, boundary = reflect }
                      execution { theta-every = 0 }
                    \"\"\"
                    val run = if (new java.io.File(out, "run.json").isFile) Popdyn.open(spark, out) else Popdyn.run(spark, config, out)
                    run.summary.createOrReplaceTempView("summary")
                    run.agents.createOrReplaceTempView("agents")
                    println("run " + run.dir + ": " + run.summary.count + " generations, config_sha256 " + run.provenance.configSha256)"""),
            new Para("Fitness over generations: best, mean, q05–q95", """
                    %spark.sql
                    SELECT generation, fitness_max AS best, fitness_mean AS mean, fitness_q05 AS q05, fitness_q95 AS q95
                      FROM summary ORDER BY generation""",
                    new Chart("lineChart", List.of("generation", "best", "mean", "q05", "q95"),
                            List.of("generation"), List.of("best", "mean", "q05", "q95"), List.of())),
            new Para("Mean regularisation ρ per generation (the optimum is ρ* = c²/(c·v − T/2) − 1 = 1.2222)", """
                    %spark.sql
                    SELECT generation, avg(hyper.reg) AS reg_mean, percentile_approx(hyper.reg, 0.5) AS reg_median
                      FROM agents GROUP BY generation ORDER BY generation""",
                    new Chart("lineChart", List.of("generation", "reg_mean", "reg_median"),
                            List.of("generation"), List.of("reg_mean", "reg_median"), List.of()))));

    static final List<NoteSpec> ALL = List.of(OVERVIEW, HYPER, LINEAGE, LIMIT, TIMESCALES, SWEEP, RUN_IN_NOTEBOOK);

    private PopdynNotes() {
    }
}
