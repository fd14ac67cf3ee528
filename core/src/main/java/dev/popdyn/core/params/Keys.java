package dev.popdyn.core.params;

import dev.popdyn.core.dynamics.Dynamics;
import dev.popdyn.core.fitness.Estimators;
import dev.popdyn.core.mutate.Mutations;
import dev.popdyn.core.select.Selections;
import java.util.ArrayList;
import java.util.List;

/**
 * Every general configuration key of an experiment, with doc, default and allowed range. Operator keys are declared
 * next to each operator and listed by its family's registry ({@link Selections}, {@link Estimators},
 * {@link Mutations}, {@link Dynamics}); model-specific keys by each {@link dev.popdyn.core.model.ModelFactory};
 * hyperparameter coordinates by {@link HyperSpace}.
 */
public final class Keys {
    private Keys() {
    }

    static final double INF = Double.POSITIVE_INFINITY;

    public static final Key.Int SEED = new Key.Int("seed", "master seed of every random stream", 1, 0,
            Long.MAX_VALUE);
    public static final Key.Int POPULATION = new Key.Int("population", "number of agents N", 100, 1,
            Integer.MAX_VALUE - 1);
    public static final Key.Int GENERATIONS = new Key.Int("generations", "number of generations (fast phase + "
            + "slow phase)", 20, 1, 1_000_000);
    public static final Key.Choice ALGORITHM = new Key.Choice("algorithm", "full: K fast steps per generation; "
            + "reduced: draw θ from the Gibbs law each generation (closed-form models only)", "full",
            List.of("full", "reduced"));
    public static final Key.Choice MODEL = new Key.Choice("model.name", "the learning problem (see explain MODEL)",
            "quadratic", dev.popdyn.core.model.Models.names());
    public static final Key.Int STEPS = new Key.Int("fast.steps", "fast steps K per agent per generation", 100, 0,
            100_000_000);
    public static final Key.Real LR = new Key.Real("fast.lr", "step size η when λ has no 'lr' coordinate", 0.01,
            0.0, true, INF, true);
    public static final Key.Real TEMPERATURE = new Key.Real("fast.temperature", "Langevin temperature T when λ has "
            + "no 'temperature' coordinate (0 = gradient descent)", 0.0, 0.0, false, INF, true);
    public static final Key.Choice REFERENCE_ENABLED = new Key.Choice("reference.enabled", "W1 to the "
            + "discrete replicator–mutator reference in summary column w1_reference: auto = only when the slow step "
            + "matches it (boltzmann rate 1, mutation mode all, reflect, no resampling, effective fitness, real "
            + "coordinates, 1 or 2 of them)", "auto", List.of("auto", "true", "false"));
    public static final Key.Int REFERENCE_CELLS = new Key.Int("reference.cells", "grid cells per axis of the "
            + "reference (0 = 400 in 1-D, 100 per axis in 2-D)", 0, 0, 100_000);
    public static final Key.Int TRAJECTORY_EVERY = new Key.Int("trajectory.every", "record each agent's risk and "
            + "overlap summary every k fast steps into RUN/trajectory/ (0 = off; results are unchanged; needs fast "
            + "dynamics langevin or momentum)", 0, 0, 100_000_000);

    /**
     * The experiment keys in documentation order: the general keys above, with the keys of each operator family
     * (fast dynamics, fitness estimators, selection rules, mutation kernels) from its registry.
     */
    public static List<Key<?>> general() {
        List<Key<?>> out = new ArrayList<>(List.of(SEED, POPULATION, GENERATIONS, ALGORITHM, MODEL, STEPS, LR,
                TEMPERATURE));
        out.addAll(Dynamics.keys());
        out.addAll(Estimators.keys());
        out.addAll(Selections.keys());
        out.addAll(Mutations.keys());
        out.addAll(List.of(REFERENCE_ENABLED, REFERENCE_CELLS));
        return out;
    }

    /** Documentation of the per-coordinate keys under {@code hyper.<name>}. */
    public static List<String[]> hyperDocs() {
        return List.of(
                new String[]{"hyper.<name>.lo", "lower bound", "(required)", "finite; > 0 on a log scale"},
                new String[]{"hyper.<name>.hi", "upper bound", "(required)", "finite, > lo"},
                new String[]{"hyper.<name>.scale", "normalised-coordinate map", "linear", "linear, log"},
                new String[]{"hyper.<name>.type", "value type", "real", "real, int, categorical"},
                new String[]{"hyper.<name>.levels", "ordered levels (categorical only; replaces lo/hi)", "(none)",
                    ">= 2 increasing numbers"},
                new String[]{"hyper.<name>.init", "initial prior", "uniform", Prior.ALLOWED},
                new String[]{"hyper.lr / hyper.temperature", "if present, override fast.lr / fast.temperature per "
                    + "agent", "", ""},
                new String[]{"hyper.momentum", "if present (fast.dynamics = momentum), overrides fast.momentum per "
                    + "agent", "", "[0, 1)"});
    }
}
