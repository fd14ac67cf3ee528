package dev.popdyn.core.engine;

import dev.popdyn.core.fitness.KernelFitness;
import dev.popdyn.core.params.ExperimentParams;

/**
 * Completes population-level fitness estimators on an evaluated batch holding the whole population, after the
 * per-agent fast phase: for {@code kernel} every non-diverged agent's fitness becomes the binned Nadaraya–Watson
 * average of {@link KernelFitness}. Stateless and thread-safe (the batch is modified and must not be shared).
 */
public final class PopulationFitness {
    private PopulationFitness() {
    }

    /** Replaces per-agent placeholders by the population-level estimate; no-op for per-agent estimators. */
    public static void complete(ExperimentParams p, AgentBatch ev) {
        if (p.estimator() instanceof KernelFitness k) {
            boolean[] ok = new boolean[ev.n];
            for (int i = 0; i < ev.n; i++) {
                ok[i] = ev.status[i] == AgentBatch.OK;
            }
            k.complete(ev.ids, ev.hyper, ev.h, ok, ev.fitnessInstant, ev.fitness, ev.n);
        }
    }
}
