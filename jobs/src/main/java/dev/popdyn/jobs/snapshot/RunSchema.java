package dev.popdyn.jobs.snapshot;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.engine.Trajectory;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.jobs.snapshot.ParquetFiles.Layout;
import dev.popdyn.jobs.run.AgentRow;
import dev.popdyn.jobs.run.StepRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

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
 * The files are written by parquet-hadoop's own writer ({@link ParquetFiles}) in the layout Spark itself writes, so
 * that Spark, DuckDB and other readers see exactly the types above: {@code long} is INT64, {@code int} INT32, {@code
 * byte} INT32 annotated INT(8, signed), {@code string} BINARY annotated STRING, {@code array<double>} the standard
 * 3-level LIST ({@code optional group NAME (LIST) { repeated group list { required double element } }}), a struct an
 * optional group of required doubles named after the λ coordinates (HyperSpace order); nullable columns (θ, donor_id,
 * donor_fitness, the summary's) are {@code optional}, the others {@code required}. The layouts below ({@link
 * ParquetFiles.Layout}) own both the schema and how an engine row fills it; {@link #stateRow} reads a {@code state}
 * record back (also from files Spark wrote before these layouts existed). {@link GenerationWriter} writes a
 * generation's population tables (agents, trajectory, lineage, state), then the summary, then the marker. The {@code
 * generation} column comes from the directory name (Parquet partition discovery). When λ has no coordinates the hyper
 * columns are omitted (Parquet cannot store an empty struct). Stateless and thread-safe.
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

    /** The columns of the {@code state} checkpoint, in order (bean names of the engine's rows). */
    public static final List<String> STATE_COLUMNS = List.of("agentId", "theta", "hyper", "history", "historyCount",
            "optState", "age", "status", "fitness", "fitnessInstant");

    private static final String SCHEMA_NAME = "spark_schema";
    /**
     * Shared by the writing tasks of one JVM, so array-backed: a {@code Binary.fromString} value is backed by a
     * ByteBuffer whose position its {@code getBytes} moves, and concurrent footer statistics of two tasks then fail
     * with a BufferUnderflowException.
     */
    private static final Binary OK = utf8("ok");
    private static final Binary DIVERGED = utf8("diverged");

    private RunSchema() {
    }

    /** A string as an array-backed Parquet binary (safe to share between threads). */
    private static Binary utf8(String s) {
        return Binary.fromConstantByteArray(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The {@code agents} table from evaluated agent rows: agent_id, theta (written only when {@code withTheta}),
     * hyper (struct named by {@code hyper}, omitted when empty), fitness, fitness_instant, age, status.
     */
    public static Layout<AgentRow> agents(List<String> hyper, boolean withTheta) {
        List<Type> f = new ArrayList<>();
        f.add(Types.required(INT64).named("agent_id"));
        f.add(doubles("theta"));
        if (!hyper.isEmpty()) {
            f.add(struct("hyper", hyper));
        }
        f.add(Types.required(DOUBLE).named("fitness"));
        f.add(Types.required(DOUBLE).named("fitness_instant"));
        f.add(Types.required(INT32).named("age"));
        f.add(Types.required(BINARY).as(LogicalTypeAnnotation.stringType()).named("status"));
        MessageType schema = new MessageType(SCHEMA_NAME, f);
        boolean h = !hyper.isEmpty();
        return layout(schema, (out, r) -> {
            out.putLong(r.getAgentId());
            out.putDoubles(withTheta ? r.getTheta() : null);
            if (h) {
                out.putStruct(r.getHyper());
            }
            out.putDouble(r.getFitness());
            out.putDouble(r.getFitnessInstant());
            out.putInt(r.getAge());
            out.putBinary(r.getStatus() == 0 ? OK : DIVERGED);
        });
    }

    /**
     * The {@code lineage} table from step rows: agent_id, donor_id (null when kept), event, hyper_before, hyper_after
     * (omitted when λ is empty), fitness, donor_fitness (null when kept).
     */
    public static Layout<StepRow> lineage(List<String> hyper) {
        List<Type> f = new ArrayList<>();
        f.add(Types.required(INT64).named("agent_id"));
        f.add(Types.optional(INT64).named("donor_id"));
        f.add(Types.required(BINARY).as(LogicalTypeAnnotation.stringType()).named("event"));
        boolean h = !hyper.isEmpty();
        if (h) {
            f.add(struct("hyper_before", hyper));
            f.add(struct("hyper_after", hyper));
        }
        f.add(Types.required(DOUBLE).named("fitness"));
        f.add(Types.optional(DOUBLE).named("donor_fitness"));
        MessageType schema = new MessageType(SCHEMA_NAME, f);
        return layout(schema, (out, r) -> {
            out.putLong(r.getAgentId());
            if (r.getDonorId() != null) {
                out.putLong(r.getDonorId());
            } else {
                out.putNull();
            }
            out.putBinary(utf8(r.getEvent()));
            if (h) {
                out.putStruct(r.getHyperBefore());
                out.putStruct(r.getHyper());
            }
            out.putDouble(r.getFitnessBefore());
            if (r.getDonorFitness() != null) {
                out.putDouble(r.getDonorFitness());
            } else {
                out.putNull();
            }
        });
    }

    /** The {@code state} checkpoint from the rows that start the next generation: {@link #STATE_COLUMNS}. */
    public static Layout<AgentRow> state() {
        MessageType schema = new MessageType(SCHEMA_NAME, List.of(
                Types.required(INT64).named("agentId"),
                doubles("theta"),
                doubles("hyper"),
                doubles("history"),
                Types.required(INT32).named("historyCount"),
                doubles("optState"),
                Types.required(INT32).named("age"),
                Types.required(INT32).as(LogicalTypeAnnotation.intType(8, true)).named("status"),
                Types.required(DOUBLE).named("fitness"),
                Types.required(DOUBLE).named("fitnessInstant")));
        return layout(schema, (out, r) -> {
            out.putLong(r.getAgentId());
            out.putDoubles(r.getTheta());
            out.putDoubles(r.getHyper());
            out.putDoubles(r.getHistory());
            out.putInt(r.getHistoryCount());
            out.putDoubles(r.getOptState());
            out.putInt(r.getAge());
            out.putInt(r.getStatus());
            out.putDouble(r.getFitness());
            out.putDouble(r.getFitnessInstant());
        });
    }

    /** One record of an agent's fast phase: doubles {@code at … at + WIDTH − 1} of its trajectory array. */
    public record TrajectoryRecord(long agentId, double[] values, int at) {
    }

    /**
     * The records of an evaluated row's flat {@code trajectory} array ({@link Trajectory#WIDTH} doubles each; an
     * incomplete tail is not a record), in order; none when it has none.
     */
    public static List<TrajectoryRecord> trajectoryRecords(AgentRow r) {
        double[] t = r.getTrajectory();
        int w = Trajectory.WIDTH;
        if (t == null || t.length < w) {
            return List.of();
        }
        List<TrajectoryRecord> out = new ArrayList<>(t.length / w);
        for (int i = 0; i + w <= t.length; i += w) {
            out.add(new TrajectoryRecord(r.getAgentId(), t, i));
        }
        return out;
    }

    /**
     * The {@code trajectory} table: agent_id, then {@link Trajectory#COLUMNS} — the step as a long (the record's
     * first double, truncated toward zero as Spark's cast does), the others as doubles.
     */
    public static Layout<TrajectoryRecord> trajectory() {
        List<Type> f = new ArrayList<>();
        f.add(Types.required(INT64).named("agent_id"));
        f.add(Types.required(INT64).named(Trajectory.COLUMNS.get(0)));
        for (int j = 1; j < Trajectory.WIDTH; j++) {
            f.add(Types.required(DOUBLE).named(Trajectory.COLUMNS.get(j)));
        }
        MessageType schema = new MessageType(SCHEMA_NAME, f);
        return layout(schema, (out, r) -> {
            out.putLong(r.agentId());
            out.putLong((long) r.values()[r.at()]);
            for (int j = 1; j < Trajectory.WIDTH; j++) {
                out.putDouble(r.values()[r.at() + j]);
            }
        });
    }

    /** The one-row {@code summary} table: one optional double per column of {@link Summary#columns}, in order. */
    public static Layout<double[]> summary(HyperSpace space) {
        List<Type> f = new ArrayList<>();
        for (String c : Summary.columns(space)) {
            f.add(Types.optional(DOUBLE).named(c));
        }
        MessageType schema = new MessageType(SCHEMA_NAME, f);
        return layout(schema, (out, v) -> {
            for (double x : v) {
                out.putDouble(x);
            }
        });
    }

    /**
     * A {@code state} record read back (parquet-hadoop's example {@link Group}) as the engine's row; accepts the
     * layout of {@link #state} and the one Spark's bean encoder wrote (same names and types).
     */
    public static AgentRow stateRow(Group g) {
        AgentRow r = new AgentRow();
        r.setAgentId(g.getLong("agentId", 0));
        r.setTheta(doubles(g, "theta"));
        r.setHyper(doubles(g, "hyper"));
        r.setHistory(doubles(g, "history"));
        r.setHistoryCount(g.getInteger("historyCount", 0));
        r.setOptState(doubles(g, "optState"));
        r.setAge(g.getInteger("age", 0));
        r.setStatus((byte) g.getInteger("status", 0));
        r.setFitness(g.getDouble("fitness", 0));
        r.setFitnessInstant(g.getDouble("fitnessInstant", 0));
        return r;
    }

    private static double[] doubles(Group g, String field) {
        Group list = g.getGroup(field, 0);
        int n = list.getFieldRepetitionCount(0);
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            v[j] = list.getGroup(0, j).getDouble(0, 0);
        }
        return v;
    }

    private interface Fill<T> {
        void write(ParquetFiles.Columns out, T row);
    }

    private static <T> Layout<T> layout(MessageType schema, Fill<T> fill) {
        return new Layout<>() {
            @Override
            public MessageType schema() {
                return schema;
            }

            @Override
            public void write(ParquetFiles.Columns out, T row) {
                fill.write(out, row);
            }
        };
    }

    /** {@code optional group NAME (LIST) { repeated group list { required double element } }}: Spark's layout. */
    private static Type doubles(String name) {
        return Types.optionalList().requiredElement(DOUBLE).named(name);
    }

    private static Type struct(String name, List<String> fields) {
        Types.GroupBuilder<org.apache.parquet.schema.GroupType> g = Types.optionalGroup();
        for (String f : fields) {
            g.addField(Types.required(DOUBLE).named(f));
        }
        return g.named(name);
    }
}
