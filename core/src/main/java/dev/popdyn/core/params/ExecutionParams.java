package dev.popdyn.core.params;

import com.typesafe.config.Config;
import java.util.List;

/**
 * How an experiment executes — never what it computes, so none of these enter the config hash: Spark partitions,
 * threads of the single-JVM engine, the θ snapshot policy, the state checkpoint policy, the output root and the
 * engine ({@code spark}, {@code local} or {@code auto}: local when the population fits the driver,
 * {@link #LOCAL_MAX_VALUES}). Keys live under
 * {@code execution.}.
 * Immutable and thread-safe.
 */
public final class ExecutionParams {
    public static final Key.Int PARTITIONS = new Key.Int("execution.partitions", "Spark partitions of the agent "
            + "Dataset (0 = 2 × default parallelism)", 0, 0, 1_000_000);
    public static final Key.Int THREADS = new Key.Int("execution.threads", "threads of the single-JVM engine (0 = "
            + "all cores)", 0, 0, 4096);
    public static final Key.Int THETA_EVERY = new Key.Int("execution.theta-every", "write θ into agents/ every k "
            + "generations (and always at the last); 0 = only the last", 10, 0, 1_000_000);
    /** Default of {@link #CHECKPOINT_EVERY}. */
    public static final int CHECKPOINT_EVERY_DEFAULT = 10;
    public static final Key.Int CHECKPOINT_EVERY = new Key.Int("execution.checkpoint-every", "write the state "
            + "checkpoint (θ, optimiser state, fitness history) every k generations and at the last; resume re-runs "
            + "the generations after the newest checkpoint without rewriting them (1 = every generation)",
            CHECKPOINT_EVERY_DEFAULT, 1, 1_000_000);
    public static final Key.Text OUT = new Key.Text("execution.out", "root folder for new run directories", "runs",
            "a writable path");
    /**
     * {@code auto} runs the in-process engine on any master when N·d ≤ {@link #LOCAL_MAX_VALUES} (a population too
     * small to pay for Spark jobs) and the model reads no data file.
     */
    public static final long LOCAL_MAX_VALUES = 1_000_000;
    /**
     * Copies of the population the in-process engine holds at once (start, evaluated, next generation, and the rows
     * being written), for {@link #runsLocally}'s memory estimate.
     */
    static final int LOCAL_COPIES = 4;
    public static final Key.Choice ENGINE = new Key.Choice("execution.engine", "engine of the generations: spark "
            + "(distributed), local (in-process, the population in the driver) or auto: local when the model reads "
            + "no model.data and either population × model.dim <= " + LOCAL_MAX_VALUES + " or Spark's master is "
            + "in-process (local[*]) and " + LOCAL_COPIES + " copies of the population fit in half the driver heap; "
            + "else spark. Same results either way", "auto", List.of("auto", "spark", "local"));

    private final int partitions;
    private final int threads;
    private final int thetaEvery;
    private final String out;
    private final String engine;
    private final int checkpointEvery;

    /** Settings with the {@code auto} engine and the default checkpoint interval. */
    public ExecutionParams(int partitions, int threads, int thetaEvery, String out) {
        this(partitions, threads, thetaEvery, out, ENGINE.defaultText());
    }

    /** Settings with {@code engine} one of {@code auto}, {@code spark}, {@code local}; default checkpoint interval. */
    public ExecutionParams(int partitions, int threads, int thetaEvery, String out, String engine) {
        this(partitions, threads, thetaEvery, out, engine, CHECKPOINT_EVERY_DEFAULT);
    }

    /** All settings; {@code checkpointEvery} ≥ 1 (see {@link #CHECKPOINT_EVERY}). */
    public ExecutionParams(int partitions, int threads, int thetaEvery, String out, String engine,
            int checkpointEvery) {
        if (checkpointEvery < 1) {
            throw new InvalidConfigException(CHECKPOINT_EVERY.path(), "value " + checkpointEvery + " is out of range",
                    "an integer in [1, 1000000]");
        }
        this.partitions = partitions;
        this.threads = threads;
        this.thetaEvery = thetaEvery;
        this.out = out;
        this.engine = engine;
        this.checkpointEvery = checkpointEvery;
    }

    /** Reads the {@code execution.*} keys (defaults when absent). */
    public static ExecutionParams fromConfig(Config c) {
        for (String k : c.hasPath("execution") ? c.getConfig("execution").root().keySet()
                : java.util.Set.<String>of()) {
            boolean known = false;
            for (Key<?> key : keys()) {
                known |= key.path().equals("execution." + k);
            }
            if (!known) {
                throw new InvalidConfigException("execution." + k, "unknown key", "known: execution.partitions, "
                        + "execution.threads, execution.theta-every, execution.checkpoint-every, execution.out, "
                        + "execution.engine");
            }
        }
        return new ExecutionParams(PARTITIONS.read(c).intValue(), THREADS.read(c).intValue(),
                THETA_EVERY.read(c).intValue(), OUT.read(c), ENGINE.read(c), CHECKPOINT_EVERY.read(c).intValue());
    }

    public static List<Key<?>> keys() {
        return List.of(PARTITIONS, THREADS, THETA_EVERY, CHECKPOINT_EVERY, OUT, ENGINE);
    }

    /** The configured engine: {@code auto}, {@code spark} or {@code local}. */
    public String engine() {
        return engine;
    }

    /**
     * Whether generations of {@code p} run in-process on {@code driver}: {@code local}; or {@code auto} when the model
     * reads no {@code model.data} and either N·d ≤ {@link #LOCAL_MAX_VALUES} or Spark runs in the driver's JVM anyway
     * (local mode: its executors would hold the same population there) and {@link #LOCAL_COPIES} copies of the
     * population ({@link #bytesPerAgent}) fit in half the driver's heap.
     */
    public boolean runsLocally(ExperimentParams p, Driver driver) {
        return switch (engine) {
            case "local" -> true;
            case "spark" -> false;
            default -> !p.config().hasPath("model.data")
                    && ((double) p.population() * p.model().dimension() <= LOCAL_MAX_VALUES
                    || driver.inProcessMaster() && (double) LOCAL_COPIES * p.population() * bytesPerAgent(p)
                            <= driver.heapBytes() / 2.0);
        };
    }

    /**
     * Bytes of one agent in the in-process engine's flat arrays: id, θ (d), λ (h), fitness history (m), optimiser
     * state (s), fitness and instant fitness as doubles or longs; history count, age and trajectory count as ints;
     * status as a byte; with {@code trajectory.every = k > 0}, at most K/k + 1 records of
     * {@value #TRAJECTORY_WIDTH} doubles (an upper bound of the engine's trajectory capacity).
     */
    static long bytesPerAgent(ExperimentParams p) {
        long records = p.trajectoryEvery() > 0 ? (long) p.steps() / p.trajectoryEvery() + 1 : 0;
        long doubles = 1L + p.model().dimension() + p.hyper().size() + p.historyLength()
                + p.dynamics().stateSize() + 2 + TRAJECTORY_WIDTH * records;
        return 8 * doubles + 3 * 4 + 1;
    }

    /** Doubles per trajectory record (step, risk and four overlap statistics). */
    private static final int TRAJECTORY_WIDTH = 6;

    /**
     * The driver an engine is chosen for: whether Spark's master runs executors inside the driver's JVM ({@code local},
     * {@code local[N]}, {@code local[*]}) and the driver's maximum heap in bytes.
     */
    public record Driver(boolean inProcessMaster, long heapBytes) {
        /** This JVM as the driver of a master that is in-process or not. */
        public static Driver thisJvm(boolean inProcessMaster) {
            return new Driver(inProcessMaster, Runtime.getRuntime().maxMemory());
        }
    }

    public ExecutionParams withEngine(String e) {
        return new ExecutionParams(partitions, threads, thetaEvery, out, e, checkpointEvery);
    }

    public int partitions() {
        return partitions;
    }

    public int threads() {
        return threads;
    }

    public int thetaEvery() {
        return thetaEvery;
    }

    public String out() {
        return out;
    }

    /** The state checkpoint interval k ({@link #CHECKPOINT_EVERY}). */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /**
     * Whether the {@code state} checkpoint is written at {@code generation} of {@code total}: when k divides it, and
     * at the last generation.
     */
    public boolean writesCheckpoint(int generation, int total) {
        return generation == total || generation % checkpointEvery == 0;
    }

    /** Whether θ is written into agents/ at {@code generation} of {@code total}. */
    public boolean writesTheta(int generation, int total) {
        return generation == total || (thetaEvery > 0 && generation % thetaEvery == 0);
    }

    public ExecutionParams withPartitions(int p) {
        return new ExecutionParams(p, threads, thetaEvery, out, engine, checkpointEvery);
    }

    public ExecutionParams withThreads(int t) {
        return new ExecutionParams(partitions, t, thetaEvery, out, engine, checkpointEvery);
    }

    public ExecutionParams withCheckpointEvery(int k) {
        return new ExecutionParams(partitions, threads, thetaEvery, out, engine, k);
    }
}
