package dev.popdyn.core.model;

import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Himmelblau's function as a training loss on θ = (x, y) ∈ ℝ² (docs/design.md §1.4):
 * L = (x² + y − 11)² + (x + y² − 7)², with four global minima L = 0 at (3, 2), (−2.805118, 3.131312),
 * (−3.779310, −3.283186) and (3.584428, −1.848127). Instant fitness F = −L. No closed-form Gibbs law.
 * θ starts uniform on [−5, 5]². Immutable and thread-safe.
 */
public final class Himmelblau implements Model {
    @Override
    public String name() {
        return "himmelblau";
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public Set<String> hyperRoles() {
        return Set.of();
    }

    @Override
    public void initTheta(double[] theta, int off, RandomGenerator rng) {
        theta[off] = -5.0 + 10.0 * rng.nextDouble();
        theta[off + 1] = -5.0 + 10.0 * rng.nextDouble();
    }

    /** L(x, y). */
    public static double value(double x, double y) {
        double a = x * x + y - 11.0;
        double b = x + y * y - 7.0;
        return a * a + b * b;
    }

    @Override
    public double lossAndGradient(double[] theta, int off, double[] hyper, int hoff, double[] grad,
            RandomGenerator rng) {
        double x = theta[off];
        double y = theta[off + 1];
        double a = x * x + y - 11.0;
        double b = x + y * y - 7.0;
        grad[0] = 4.0 * a * x + 2.0 * b;
        grad[1] = 2.0 * a + 4.0 * b * y;
        return a * a + b * b;
    }

    @Override
    public double fitness(double[] theta, int off, double[] hyper, int hoff, RandomGenerator rng) {
        return -value(theta[off], theta[off + 1]);
    }
}
