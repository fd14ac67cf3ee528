package dev.popdyn.core.engine;

/**
 * One step of the evolution stream (in the manner of Jenetics' {@code EvolutionResult}): the generation number, the
 * population as evaluated at the end of its fast phase, the slow-phase lineage events, the summary, and the
 * population that starts the next generation, and the fast phase's risk-curve records ({@link #trajectory()}).
 * Resuming is starting from {@link #next()}. The arrays are owned by the
 * result; treat as immutable.
 */
public record GenerationResult(int generation, AgentBatch evaluated, Lineage lineage, Summary summary,
        AgentBatch next) {
    /** The trajectory records of this generation's fast phase (empty unless {@code trajectory.every > 0}). */
    public java.util.List<Trajectory.Point> trajectory() {
        return Trajectory.points(evaluated, generation);
    }
}
