package dev.popdyn.core.model;

import dev.popdyn.core.params.HyperSpace;

/**
 * A scalar that an operator reads either from one coordinate of λ (when the hyperparameter space has a coordinate
 * of that name) or from a fixed config value. Immutable and thread-safe.
 */
public final class Binding {
    private final int index;
    private final double fixed;

    private Binding(int index, double fixed) {
        this.index = index;
        this.fixed = fixed;
    }

    /** Binds {@code name} to its λ coordinate in {@code space}, or to {@code fixed} if there is none. */
    public static Binding of(HyperSpace space, String name, double fixed) {
        return new Binding(space.indexOf(name), fixed);
    }

    /** The value for the agent whose λ starts at {@code hyper[hoff]}. */
    public double value(double[] hyper, int hoff) {
        return index < 0 ? fixed : hyper[hoff + index];
    }
}
