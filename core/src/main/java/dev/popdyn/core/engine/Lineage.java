package dev.popdyn.core.engine;

/**
 * The slow-phase events of one generation, one per agent (docs/design.md §4, {@code lineage}): the donor (−1 when kept),
 * the event, λ before and after selection and mutation, the agent's and the donor's fitness. Events:
 * {@code exploit} — copied a donor's θ and λ, then mutated; {@code resample} — a λ coordinate was redrawn from its
 * prior (takes precedence in the label; the donor id still tells whether it exploited); {@code keep} — otherwise.
 * Mutable arrays, filled once by the engine.
 */
public final class Lineage {
    public static final byte KEEP = 0;
    public static final byte EXPLOIT = 1;
    public static final byte RESAMPLE = 2;
    private static final String[] NAMES = {"keep", "exploit", "resample"};

    public final int n;
    public final int h;
    public final long[] agentId;
    public final long[] donorId;
    public final byte[] event;
    public final double[] hyperBefore;
    public final double[] hyperAfter;
    public final double[] fitness;
    public final double[] donorFitness;

    public Lineage(int n, int h) {
        this.n = n;
        this.h = h;
        agentId = new long[n];
        donorId = new long[n];
        event = new byte[n];
        hyperBefore = new double[n * h];
        hyperAfter = new double[n * h];
        fitness = new double[n];
        donorFitness = new double[n];
    }

    /** The label of an event code. */
    public static String eventName(byte e) {
        return NAMES[e];
    }

    /** The event label for an agent's outcome. */
    public static byte classify(boolean exploited, boolean resampled) {
        return resampled ? RESAMPLE : exploited ? EXPLOIT : KEEP;
    }
}
