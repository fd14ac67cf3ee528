package dev.popdyn.core.mutate;

import dev.popdyn.core.params.HyperSpace;
import java.util.random.RandomGenerator;

/**
 * A mutation kernel of the slow phase (docs/design.md §1.3): perturbs one agent's λ in place, keeping every coordinate
 * inside its bounds. Randomness comes from the stream {@code Streams.of(seed, generation, agentId, MUTATE)} passed
 * in. Implementations are immutable and thread-safe.
 */
public interface Mutation {
    /** The config name ({@code mutation.boundary} decides the variant). */
    String name();

    /** Perturbs {@code hyper[hoff .. hoff + space.size())}; returns true if any coordinate was redrawn from its prior. */
    boolean mutate(HyperSpace space, double[] hyper, int hoff, RandomGenerator rng);
}
