package dev.popdyn.core.select;

/**
 * A selection rule of the slow phase (docs/design.md §1.2): decides which agents are replaced and by which donor. Rules are
 * synchronous (donors are read before any replacement), break ties by agent id ascending, draw all randomness from
 * {@code Streams.of(seed, generation, agentId, SELECT)}, and always replace diverged agents (by a non-diverged
 * donor when the rule can find one). Implementations are immutable and thread-safe.
 */
public interface Selection extends java.io.Serializable {
    /** The config name ({@code selection.rule}). */
    String name();

    /**
     * Fills {@code donors[i]} with the donor of agent i, or −1 when i is kept. Returns the effective sample size
     * fraction ESS/N of the selection weights when the rule has weights (Boltzmann), else NaN.
     */
    double select(SelectionInput in, int[] donors);

    /** Past instant fitness values the rule reads per agent (0 for rules that use the fitness only). */
    default int historyNeeded() {
        return 0;
    }
}
