package dev.popdyn.core.model;

import dev.popdyn.core.params.HyperSpace;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The bilevel quadratic toy of docs/design.md §1.4: training loss L(θ; ρ) = ½‖θ − c‖² + (ρ/2)‖θ‖², validation loss
 * ½‖θ − v‖², instant fitness F = −½‖θ − v‖², with c = center·1 and v = target·1 in ℝᵈ and ρ = λ.reg (or the fixed
 * {@code model.reg}).
 *
 * <p>Closed forms: the Gibbs law at temperature T is N(c/(1+ρ), T/(1+ρ)·I) and the effective fitness is
 * F̄(ρ) = −½(‖c/(1+ρ) − v‖² + d·T/(1+ρ)). Per coordinate, F̄ is maximised at x = 1/(1+ρ) = (c·v − T/2)/c², i.e.
 * ρ* = c²/(c·v − T/2) − 1 (see {@link #optimalReg}): noise moves the fittest regularisation. Immutable and
 * thread-safe.
 */
public final class Quadratic implements Model {
    private final int d;
    private final double center;
    private final double target;
    private final double initSd;
    private final Binding reg;

    public Quadratic(int d, double center, double target, double fixedReg, double initSd, HyperSpace space) {
        this.d = d;
        this.center = center;
        this.target = target;
        this.initSd = initSd;
        this.reg = Binding.of(space, "reg", fixedReg);
    }

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public Set<String> hyperRoles() {
        return Set.of("reg");
    }

    /** ρ* = c²/(c·v − T/2) − 1, the maximiser of F̄ (infinite when c·v ≤ T/2). */
    public static double optimalReg(double center, double target, double temperature) {
        double denom = center * target - temperature / 2.0;
        return denom <= 0 ? Double.POSITIVE_INFINITY : center * center / denom - 1.0;
    }

    @Override
    public void initTheta(double[] theta, int off, RandomGenerator rng) {
        for (int k = 0; k < d; k++) {
            theta[off + k] = initSd * rng.nextGaussian();
        }
    }

    @Override
    public double lossAndGradient(double[] theta, int off, double[] hyper, int hoff, double[] grad,
            RandomGenerator rng) {
        double rho = reg.value(hyper, hoff);
        double loss = 0;
        for (int k = 0; k < d; k++) {
            double t = theta[off + k];
            double r = t - center;
            loss += 0.5 * (r * r + rho * t * t);
            grad[k] = r + rho * t;
        }
        return loss;
    }

    @Override
    public double fitness(double[] theta, int off, double[] hyper, int hoff, RandomGenerator rng) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double r = theta[off + k] - target;
            s += r * r;
        }
        return -0.5 * s;
    }

    @Override
    public boolean hasGibbsSampler() {
        return true;
    }

    @Override
    public void sampleGibbs(double[] theta, int off, double[] hyper, int hoff, double temperature,
            RandomGenerator rng) {
        double rho = reg.value(hyper, hoff);
        double mean = center / (1.0 + rho);
        double sd = Math.sqrt(temperature / (1.0 + rho));
        for (int k = 0; k < d; k++) {
            theta[off + k] = mean + sd * rng.nextGaussian();
        }
    }

    @Override
    public boolean hasEffectiveFitness() {
        return true;
    }

    @Override
    public double effectiveFitness(double[] hyper, int hoff, double temperature) {
        double rho = reg.value(hyper, hoff);
        double m = center / (1.0 + rho) - target;
        return -0.5 * (d * m * m + d * temperature / (1.0 + rho));
    }
}
