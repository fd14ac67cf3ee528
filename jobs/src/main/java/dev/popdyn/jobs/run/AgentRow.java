package dev.popdyn.jobs.run;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.Trajectory;
import java.io.Serializable;

/**
 * One agent: an element of the population RDD ({@link SparkEngine}) and, through Spark's bean encoder, a row of
 * {@code Dataset<AgentRow>} (Java bean, as Spark's bean encoder requires {@code getX}/
 * {@code setX}; arrays map to Parquet {@code array<double>} without boxing). This is the full state an agent carries
 * between generations: the {@code state/} checkpoint and the rows the fast phase works on, plus the output-only risk
 * records of the last fast phase ({@code trajectory}, not read back by {@link #into}). Mutable, not thread-safe.
 */
public class AgentRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private long agentId;
    private double[] theta;
    private double[] hyper;
    private double[] history;
    private int historyCount;
    private double[] optState;
    private int age;
    private byte status;
    private double fitness;
    private double fitnessInstant;
    private double[] trajectory;

    public AgentRow() {
    }

    /** Copies slot k of a batch. */
    public static AgentRow of(AgentBatch b, int k) {
        return new AgentRow().load(b, k);
    }

    /**
     * Overwrites this row with slot k of a batch, trajectory included, reusing this row's arrays where their lengths
     * fit: a writer that consumes each row before asking for the next streams a whole batch through one row.
     */
    public AgentRow load(AgentBatch b, int k) {
        double[] reuse = trajectory;
        loadState(b, k);
        trajectory = b.r == 0 ? null : slice(reuse, b.trajectory, k * b.r, b.trajectoryCount[k] * Trajectory.WIDTH);
        return this;
    }

    /** As {@link #load} without the trajectory (left null): the state fields an agent carries between generations. */
    public AgentRow loadState(AgentBatch b, int k) {
        agentId = b.ids[k];
        theta = slice(theta, b.theta, k * b.d, b.d);
        hyper = slice(hyper, b.hyper, k * b.h, b.h);
        history = slice(history, b.history, k * b.m, b.m);
        historyCount = b.historyCount[k];
        optState = slice(optState, b.state, k * b.s, b.s);
        age = b.age[k];
        status = b.status[k];
        fitness = b.fitness[k];
        fitnessInstant = b.fitnessInstant[k];
        trajectory = null;
        return this;
    }

    /** {@code src[from … from + length)} copied into {@code reuse} when it has that length, else into a new array. */
    static double[] slice(double[] reuse, double[] src, int from, int length) {
        double[] out = reuse != null && reuse.length == length ? reuse : new double[length];
        System.arraycopy(src, from, out, 0, length);
        return out;
    }

    /** The state fields only (a new row sharing this row's arrays, no trajectory): what the next generation starts from. */
    public AgentRow state() {
        AgentRow r = new AgentRow();
        r.agentId = agentId;
        r.theta = theta;
        r.hyper = hyper;
        r.history = history;
        r.historyCount = historyCount;
        r.optState = optState;
        r.age = age;
        r.status = status;
        r.fitness = fitness;
        r.fitnessInstant = fitnessInstant;
        return r;
    }

    /** Writes this row into slot k of a batch. */
    public void into(AgentBatch b, int k) {
        b.ids[k] = agentId;
        System.arraycopy(theta, 0, b.theta, k * b.d, b.d);
        System.arraycopy(hyper, 0, b.hyper, k * b.h, b.h);
        System.arraycopy(history, 0, b.history, k * b.m, b.m);
        b.historyCount[k] = historyCount;
        System.arraycopy(optState, 0, b.state, k * b.s, b.s);
        b.age[k] = age;
        b.status[k] = status;
        b.fitness[k] = fitness;
        b.fitnessInstant[k] = fitnessInstant;
    }

    public long getAgentId() {
        return agentId;
    }

    public void setAgentId(long agentId) {
        this.agentId = agentId;
    }

    public double[] getTheta() {
        return theta;
    }

    public void setTheta(double[] theta) {
        this.theta = theta;
    }

    public double[] getHyper() {
        return hyper;
    }

    public void setHyper(double[] hyper) {
        this.hyper = hyper;
    }

    public double[] getHistory() {
        return history;
    }

    public void setHistory(double[] history) {
        this.history = history;
    }

    public int getHistoryCount() {
        return historyCount;
    }

    public void setHistoryCount(int historyCount) {
        this.historyCount = historyCount;
    }

    public double[] getOptState() {
        return optState;
    }

    public void setOptState(double[] optState) {
        this.optState = optState;
    }

    public int getAge() {
        return age;
    }

    public void setAge(int age) {
        this.age = age;
    }

    public byte getStatus() {
        return status;
    }

    public void setStatus(byte status) {
        this.status = status;
    }

    public double getFitness() {
        return fitness;
    }

    public void setFitness(double fitness) {
        this.fitness = fitness;
    }

    public double getFitnessInstant() {
        return fitnessInstant;
    }

    public void setFitnessInstant(double fitnessInstant) {
        this.fitnessInstant = fitnessInstant;
    }

    /** The records of this generation's fast phase, flat ({@link Trajectory#WIDTH} per record); null when off. */
    public double[] getTrajectory() {
        return trajectory;
    }

    public void setTrajectory(double[] trajectory) {
        this.trajectory = trajectory;
    }
}
