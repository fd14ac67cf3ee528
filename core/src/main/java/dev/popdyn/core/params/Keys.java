package dev.popdyn.core.params;

import java.util.List;

/**
 * Every general configuration key of an experiment, with doc, default and allowed range. Model-specific keys are
 * declared by each {@link dev.popdyn.core.model.ModelFactory}; hyperparameter coordinates by {@link HyperSpace}.
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
    public static final Key.Choice DYNAMICS = new Key.Choice("fast.dynamics", "langevin: θ ← θ − η∇L + "
            + "sqrt(2ηT)ξ; momentum: heavy-ball SGD v ← μv + ∇L, θ ← θ − ηv (+ the same noise), velocity reset on "
            + "exploit", "langevin", List.of("langevin", "momentum"));
    public static final Key.Real MOMENTUM = new Key.Real("fast.momentum", "momentum μ when λ has no 'momentum' "
            + "coordinate (fast.dynamics = momentum)", 0.9, 0.0, false, 1.0, true);
    public static final Key.Choice ESTIMATOR = new Key.Choice("fitness.estimator", "instant: F at the end of the "
            + "fast phase; window: mean of the last m instant values; kernel: mean instant fitness over agents in the "
            + "3^dim λ-bins of width h around the agent's bin; effective: Gibbs average F̄(λ), closed form or (models "
            + "without one) a Langevin time average", "instant", List.of("instant", "window", "kernel", "effective"));
    public static final Key.Int WINDOW = new Key.Int("fitness.window", "m, instant values averaged by the window "
            + "estimator (cleared on exploit)", 5, 1, 10_000);
    public static final Key.Real BANDWIDTH = new Key.Real("fitness.bandwidth", "h: bin width per axis in normalised "
            + "coordinates u ∈ [−1, 1] (kernel)", 0.1, 0.0, false, 2.0, true);
    public static final Key.Int EFFECTIVE_STEPS = new Key.Int("fitness.effective-steps", "Langevin steps averaged "
            + "by the numerical effective fitness (effective, models without a closed form)", 2000, 1, 100_000_000);
    public static final Key.Int EFFECTIVE_BURNIN = new Key.Int("fitness.effective-burnin", "Langevin steps "
            + "discarded before averaging (numerical effective fitness)", 500, 0, 100_000_000);
    public static final Key.Choice RULE = new Key.Choice("selection.rule", "truncation(q) | boltzmann(α, ν) | "
            + "tournament(s) | ttest(m, p) | none", "truncation",
            List.of("truncation", "boltzmann", "tournament", "ttest", "none"));
    public static final Key.Real FRACTION = new Key.Real("selection.fraction", "q: bottom ⌈qN⌉ copy a donor from "
            + "the top ⌈qN⌉ (truncation)", 0.2, 0.0, true, 0.5, false);
    public static final Key.Real ALPHA = new Key.Real("selection.alpha", "α: donor drawn ∝ exp(α f) (boltzmann)",
            1.0, 0.0, false, INF, true);
    public static final Key.Real RATE = new Key.Real("selection.rate", "ν: probability that an agent is replaced "
            + "(boltzmann; 1 = full multinomial resampling)", 1.0, 0.0, true, 1.0, false);
    public static final Key.Int SIZE = new Key.Int("selection.size", "s: opponents per agent (tournament)", 1, 1,
            1_000);
    public static final Key.Int TTEST_WINDOW = new Key.Int("selection.window", "m: instant values compared by "
            + "Welch's t-test (ttest)", 10, 2, 10_000);
    public static final Key.Real PVALUE = new Key.Real("selection.pvalue", "p: significance level of the t-test "
            + "(ttest)", 0.05, 0.0, true, 1.0, true);
    public static final Key.Real SIGMA = new Key.Real("mutation.sigma", "s: Gaussian step in normalised "
            + "coordinates u ∈ [−1, 1]", 0.1, 0.0, false, INF, true);
    public static final Key.Choice BOUNDARY = new Key.Choice("mutation.boundary", "reflect (keeps a density) or "
            + "clip (the seed's code) at the bounds", "reflect", List.of("reflect", "clip"));
    public static final Key.Real RESAMPLE = new Key.Real("mutation.resample", "r: probability that a coordinate "
            + "is redrawn from its prior instead of perturbed", 0.0, 0.0, false, 1.0, false);
    public static final Key.Real CATEGORICAL = new Key.Real("mutation.categorical-step", "p: probability that a "
            + "categorical coordinate moves to an adjacent level", 0.2, 0.0, false, 1.0, false);
    public static final Key.Choice MODE = new Key.Choice("mutation.mode", "recipients: mutate only agents that "
            + "exploited (PBT); all: mutate every agent (replicator–mutator)", "recipients",
            List.of("recipients", "all"));

    public static final Key.Choice REFERENCE_ENABLED = new Key.Choice("reference.enabled", "W1 to the "
            + "discrete replicator–mutator reference in summary column w1_reference: auto = only when the slow step "
            + "matches it (boltzmann rate 1, mutation mode all, reflect, no resampling, effective fitness, real "
            + "coordinates, 1 or 2 of them)", "auto", List.of("auto", "true", "false"));
    public static final Key.Int REFERENCE_CELLS = new Key.Int("reference.cells", "grid cells per axis of the "
            + "reference (0 = 400 in 1-D, 100 per axis in 2-D)", 0, 0, 100_000);

    /** The general keys in documentation order. */
    public static List<Key<?>> general() {
        return List.of(SEED, POPULATION, GENERATIONS, ALGORITHM, MODEL, STEPS, LR, TEMPERATURE, DYNAMICS, MOMENTUM,
                ESTIMATOR, WINDOW, BANDWIDTH, EFFECTIVE_STEPS, EFFECTIVE_BURNIN,
                RULE, FRACTION, ALPHA, RATE, SIZE, TTEST_WINDOW, PVALUE, SIGMA, BOUNDARY, RESAMPLE, CATEGORICAL,
                MODE, REFERENCE_ENABLED, REFERENCE_CELLS);
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
