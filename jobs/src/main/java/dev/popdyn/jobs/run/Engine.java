package dev.popdyn.jobs.run;

import dev.popdyn.core.engine.Summary;

/**
 * An engine of generations (docs/design.md §2) as the {@link Runner} drives it: it starts from generation 0 or from a
 * committed {@code state} checkpoint, runs one generation at a time from the previous one's in-memory state of type
 * {@code S}, and writes and commits each generation through the run's
 * {@link dev.popdyn.jobs.snapshot.GenerationWriter} ({@link #step}) — or, to rebuild the state of a committed
 * generation after the checkpoint it restarts from, computes it without writing anything ({@link #recompute}).
 * Implementations: {@link SparkEngine} (distributed) and {@link LocalEngine} (in-process); for the same config both
 * write bit-identical run directories, so a run started by one can be resumed by the other. Not thread-safe; one run per instance.
 *
 * @param <S> the in-memory population that starts a generation
 */
interface Engine<S> extends AutoCloseable {
    /** Generation 0. */
    S initial();

    /** The state that starts generation g + 1, as committed in the run directory. */
    S committedState(int g);

    /**
     * Runs generation g from {@code start}, writes and commits it. {@code start} is consumed: the caller uses only the
     * returned state afterwards (an engine may evaluate it in place).
     */
    Step<S> step(S start, int g);

    /**
     * Runs generation g from {@code start} exactly as {@link #step} does and returns the state that starts g + 1,
     * writing nothing (g is already committed). Releases what backs {@code start}'s predecessor as {@link #step}
     * does.
     */
    S recompute(S start, int g);

    /**
     * The fittest agent of committed generation g, the last one {@link #step} ran: highest fitness, ties to the
     * lowest id; null when every agent diverged.
     */
    Fittest fittest(int g);

    /** Drops what backs the last step's in-memory state (it is not used afterwards). */
    void release();

    /** Releases everything the engine holds; it is not used afterwards. */
    @Override
    void close();

    /** An agent of a committed generation: its id, fitness and λ (coordinates in HyperSpace order). */
    record Fittest(long agentId, double fitness, double[] hyper) {
        /** The fittest of an evaluated batch (diverged agents have fitness −∞), or null if all diverged. */
        static Fittest of(dev.popdyn.core.engine.AgentBatch b) {
            int best = -1;
            for (int i = 0; i < b.n; i++) {
                if (b.fitness[i] > Double.NEGATIVE_INFINITY && (best < 0 || b.fitness[i] > b.fitness[best]
                        || b.fitness[i] == b.fitness[best] && b.ids[i] < b.ids[best])) {
                    best = i;
                }
            }
            return best < 0 ? null : new Fittest(b.ids[best], b.fitness[best],
                    java.util.Arrays.copyOfRange(b.hyper, best * b.h, (best + 1) * b.h));
        }
    }

    /** A committed generation's summary and the in-memory state that starts the next one. */
    record Step<S>(Summary summary, S next) {
    }
}
