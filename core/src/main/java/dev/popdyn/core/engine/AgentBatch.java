package dev.popdyn.core.engine;

import java.util.Arrays;

/**
 * A batch of agents in flat primitive arrays (structure of arrays): the whole population in the single-JVM engine,
 * one partition's rows in the Spark job. Agent k of the batch has id {@code ids[k]}, θ in
 * {@code theta[k·d .. (k+1)·d)}, λ in {@code hyper[k·h ..]}, its last {@code historyCount[k]} instant fitness values
 * in {@code history[k·m ..]} (chronological), optimiser state in {@code state[k·s ..]}, its age (generations since
 * birth or last exploit), status and fitness. When trajectory recording is on ({@link Trajectory}), slot k also holds
 * the records of its current fast phase: {@code trajectoryCount[k]} records of {@link Trajectory#WIDTH} doubles at
 * {@code trajectory[k·r ..]}. Mutable, not thread-safe; disjoint agent ranges may be updated by different threads.
 */
public final class AgentBatch {
    /** Status of a healthy agent. */
    public static final byte OK = 0;
    /** Status of an agent whose θ or fitness became NaN/∞. */
    public static final byte DIVERGED = 1;

    public final int n;
    public final int d;
    public final int h;
    public final int m;
    public final int s;
    public final long[] ids;
    public final double[] theta;
    public final double[] hyper;
    public final double[] history;
    public final int[] historyCount;
    public final double[] state;
    public final int[] age;
    public final byte[] status;
    public final double[] fitness;
    public final double[] fitnessInstant;
    /** Trajectory doubles per agent (0 when recording is off). */
    public final int r;
    public final double[] trajectory;
    /** Trajectory records (not doubles) of each agent's current fast phase. */
    public final int[] trajectoryCount;

    /** A batch without trajectory storage. */
    public AgentBatch(int n, int d, int h, int m, int s) {
        this(n, d, h, m, s, 0);
    }

    /** A batch with room for {@code r} trajectory doubles per agent. */
    public AgentBatch(int n, int d, int h, int m, int s, int r) {
        this.n = n;
        this.d = d;
        this.h = h;
        this.m = m;
        this.s = s;
        this.ids = new long[n];
        this.theta = new double[n * d];
        this.hyper = new double[n * h];
        this.history = new double[n * m];
        this.historyCount = new int[n];
        this.state = new double[n * s];
        this.age = new int[n];
        this.status = new byte[n];
        this.fitness = new double[n];
        this.fitnessInstant = new double[n];
        this.r = r;
        this.trajectory = new double[n * r];
        this.trajectoryCount = new int[n];
    }

    /** A deep copy. */
    public AgentBatch copy() {
        AgentBatch c = new AgentBatch(n, d, h, m, s, r);
        System.arraycopy(ids, 0, c.ids, 0, n);
        System.arraycopy(theta, 0, c.theta, 0, theta.length);
        System.arraycopy(hyper, 0, c.hyper, 0, hyper.length);
        System.arraycopy(history, 0, c.history, 0, history.length);
        System.arraycopy(historyCount, 0, c.historyCount, 0, n);
        System.arraycopy(state, 0, c.state, 0, state.length);
        System.arraycopy(age, 0, c.age, 0, n);
        System.arraycopy(status, 0, c.status, 0, n);
        System.arraycopy(fitness, 0, c.fitness, 0, n);
        System.arraycopy(fitnessInstant, 0, c.fitnessInstant, 0, n);
        System.arraycopy(trajectory, 0, c.trajectory, 0, trajectory.length);
        System.arraycopy(trajectoryCount, 0, c.trajectoryCount, 0, n);
        return c;
    }

    /**
     * Exploit (docs/design.md §1, step 2c): slot {@code k} takes the donor's θ and λ; its fitness history and optimiser state
     * are cleared, age reset to 0, status taken from the donor.
     */
    public void exploit(int k, AgentBatch donorBatch, int donor) {
        System.arraycopy(donorBatch.theta, donor * d, theta, k * d, d);
        System.arraycopy(donorBatch.hyper, donor * h, hyper, k * h, h);
        Arrays.fill(history, k * m, (k + 1) * m, 0.0);
        historyCount[k] = 0;
        Arrays.fill(state, k * s, (k + 1) * s, 0.0);
        age[k] = 0;
        status[k] = donorBatch.status[donor];
    }

    /** Appends an instant fitness value to slot k's history, dropping the oldest when full. */
    public void pushHistory(int k, double value) {
        int base = k * m;
        int c = historyCount[k];
        if (c < m) {
            history[base + c] = value;
            historyCount[k] = c + 1;
        } else {
            System.arraycopy(history, base + 1, history, base, m - 1);
            history[base + m - 1] = value;
        }
    }
}
