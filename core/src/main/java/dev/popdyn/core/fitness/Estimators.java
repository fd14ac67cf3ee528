package dev.popdyn.core.fitness;

import dev.popdyn.core.params.BuildContext;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.params.Registry;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of fitness estimators by {@code fitness.estimator} (docs/design.md §1.1). Each estimator declares its
 * own keys and factory next to its class; adding one is its class plus one line here. Thread-safe (filled once,
 * read-only).
 */
public final class Estimators {
    private static final Registry<FitnessEstimator> REGISTRY = new Registry<>(InstantFitness.FACTORY,
            WindowFitness.FACTORY, KernelFitness.FACTORY, EffectiveFitness.FACTORY);

    /** {@code fitness.estimator}: the registered estimators, the first is the default. */
    public static final Key.Choice ESTIMATOR = new Key.Choice("fitness.estimator", String.join("; ",
            REGISTRY.factories().stream().map(f -> f.name() + ": " + f.summary()).toList()), "instant",
            REGISTRY.names());

    private Estimators() {
    }

    /** The registered estimators. */
    public static Registry<FitnessEstimator> registry() {
        return REGISTRY;
    }

    /** {@link #ESTIMATOR} and every estimator's keys, in documentation order. */
    public static List<Key<?>> keys() {
        List<Key<?>> out = new ArrayList<>(List.of(ESTIMATOR));
        out.addAll(REGISTRY.keys());
        return out;
    }

    /**
     * The estimator named by {@code fitness.estimator}, built from its keys; needs the model and fast dynamics of
     * {@code context}. {@code fitness.window} is hashed whatever the estimator, as it was before estimators declared
     * their own keys, so that existing configs keep their {@code config_sha256}.
     */
    public static FitnessEstimator create(BuildContext context) {
        String name = context.resolve(ESTIMATOR);
        context.resolve(WindowFitness.WINDOW);
        return REGISTRY.get(name).create(context);
    }
}
