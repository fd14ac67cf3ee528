package dev.popdyn.jobs.snapshot;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.engine.Trajectory;
import dev.popdyn.core.params.HyperSpace;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one owner of the run directory's table layouts (docs/design.md §4), version {@value #SCHEMA_VERSION}.
 *
 * <pre>
 * RUN/run.json                        provenance (see {@link RunManifest})
 * RUN/agents/generation=G/*.parquet   agent_id long, theta array&lt;double&gt; (null unless a θ snapshot
 *                                     generation), hyper struct&lt;one double per coordinate, by name&gt;,
 *                                     fitness double (−∞ when diverged), fitness_instant double (NaN when
 *                                     diverged), age int, status string (ok | diverged)
 * RUN/lineage/generation=G/*.parquet  agent_id long, donor_id long (null when kept), event string
 *                                     (keep | exploit | resample), hyper_before struct, hyper_after struct,
 *                                     fitness double, donor_fitness double (null when kept)
 * RUN/summary/generation=G/*.parquet  one row: the columns of {@link Summary#columns}
 * RUN/trajectory/generation=G/*.parquet  only with trajectory.every = k &gt; 0: one row per agent per record of
 *                                     its fast phase in G (every k fast steps and at the end): agent_id long,
 *                                     step long (global fast step), risk double, mean_overlap, mean_abs_overlap,
 *                                     max_abs_overlap, mean_a double (NaN for models without overlaps)
 * RUN/state/generation=G/*.parquet    the full population that starts generation G+1, in the engine's own
 *                                     column names: agentId long, theta array&lt;double&gt;, hyper array&lt;double&gt;,
 *                                     history array&lt;double&gt; (fitness history ring), historyCount int,
 *                                     optState array&lt;double&gt; (optimiser state), age int, status byte
 *                                     (0 = ok), fitness double, fitnessInstant double; only the newest committed
 *                                     one is kept
 * RUN/_committed/G                    JSON marker written last (row counts, theta_written, the files of
 *                                     {@link RunIntegrity}); readers see committed G only
 * </pre>
 * {@link GenerationWriter} writes a generation's folders in this order: agents, lineage, state, trajectory,
 * summary, then the marker. The {@code generation} column comes from the directory name (Parquet partition
 * discovery). When λ has no coordinates the hyper columns are omitted (Parquet cannot store an empty struct).
 * Stateless.
 */
public final class RunSchema {
    /** Version of this layout, written into {@code run.json}. */
    public static final int SCHEMA_VERSION = 1;

    public static final String AGENTS = "agents";
    public static final String LINEAGE = "lineage";
    public static final String SUMMARY = "summary";
    public static final String STATE = "state";
    public static final String TRAJECTORY = "trajectory";
    public static final List<String> TABLES = List.of(AGENTS, LINEAGE, SUMMARY, TRAJECTORY);

    private RunSchema() {
    }

    /** A struct column of named doubles from an {@code array<double>} column in HyperSpace order. */
    public static Column hyperStruct(Column array, HyperSpace space) {
        List<Column> fields = new ArrayList<>();
        for (int k = 0; k < space.size(); k++) {
            fields.add(array.getItem(k).as(space.dim(k).name()));
        }
        return struct(fields.toArray(new Column[0]));
    }

    /** The {@code agents} rows from evaluated agent rows (bean columns), θ kept only when {@code withTheta}. */
    public static Dataset<Row> agents(Dataset<?> evaluated, HyperSpace space, boolean withTheta) {
        List<Column> c = new ArrayList<>();
        c.add(col("agentId").as("agent_id"));
        c.add(withTheta ? col("theta").as("theta")
                : lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType)).as("theta"));
        if (space.size() > 0) {
            c.add(hyperStruct(col("hyper"), space).as("hyper"));
        }
        c.add(col("fitness"));
        c.add(col("fitnessInstant").as("fitness_instant"));
        c.add(col("age"));
        c.add(when(col("status").equalTo(0), lit("ok")).otherwise(lit("diverged")).as("status"));
        return evaluated.select(c.toArray(new Column[0]));
    }

    /** The {@code lineage} rows from step rows (bean columns). */
    public static Dataset<Row> lineage(Dataset<?> steps, HyperSpace space) {
        List<Column> c = new ArrayList<>();
        c.add(col("agentId").as("agent_id"));
        c.add(col("donorId").as("donor_id"));
        c.add(col("event"));
        if (space.size() > 0) {
            c.add(hyperStruct(col("hyperBefore"), space).as("hyper_before"));
            c.add(hyperStruct(col("hyper"), space).as("hyper_after"));
        }
        c.add(col("fitnessBefore").as("fitness"));
        c.add(col("donorFitness").as("donor_fitness"));
        return steps.select(c.toArray(new Column[0]));
    }

    /** The columns of the {@code state} checkpoint, in order (bean names of the engine's rows). */
    public static final List<String> STATE_COLUMNS = List.of("agentId", "theta", "hyper", "history", "historyCount",
            "optState", "age", "status", "fitness", "fitnessInstant");

    /** The {@code state} rows from step rows (bean columns): {@link #STATE_COLUMNS}. */
    public static Dataset<Row> state(Dataset<?> steps) {
        return steps.select(STATE_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    }

    /**
     * The {@code trajectory} rows from evaluated agent rows: each agent's flat {@code trajectory} array
     * ({@link Trajectory#WIDTH} doubles per record) exploded into one row per record.
     */
    public static Dataset<Row> trajectory(Dataset<?> evaluated) {
        Column t = col("trajectory");
        int w = Trajectory.WIDTH;
        Dataset<Row> rec = evaluated.where(t.isNotNull().and(size(t).geq(w)))
                .select(col("agentId"), t, explode(sequence(lit(0), floor(size(t).divide(w)).cast("int")
                        .minus(1))).as("i"));
        List<Column> c = new ArrayList<>();
        c.add(col("agentId").as("agent_id"));
        for (int j = 0; j < w; j++) {
            Column v = t.getItem(col("i").multiply(w).plus(j));
            c.add(j == 0 ? v.cast("long").as(Trajectory.COLUMNS.get(0)) : v.as(Trajectory.COLUMNS.get(j)));
        }
        return rec.select(c.toArray(new Column[0]));
    }

    /** The schema of the one-row {@code summary} table. */
    public static StructType summary(HyperSpace space) {
        StructType t = new StructType();
        for (String name : Summary.columns(space)) {
            t = t.add(name, DataTypes.DoubleType, true);
        }
        return t;
    }
}
