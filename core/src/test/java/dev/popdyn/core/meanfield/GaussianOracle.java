package dev.popdyn.core.meanfield;

/**
 * The closed form of the replicator–mutator equation with quadratic fitness F̄ = −a(λ − λ*)² on the whole line
 * (Alfaro and Carles 2017): a Gaussian initial law stays Gaussian, with dv/dt = 2D − 2κa v² and
 * dμ/dt = 2κa v (λ* − μ). Integrated here by classical RK4 with 20 000 steps per unit time (local error ~1e-20).
 */
final class GaussianOracle {
    private final double diffusion;
    private final double kappa;
    private final double a;
    private final double optimum;

    GaussianOracle(double diffusion, double kappa, double a, double optimum) {
        this.diffusion = diffusion;
        this.kappa = kappa;
        this.a = a;
        this.optimum = optimum;
    }

    /** {mean, variance} at time t from {mean0, variance0} at time 0. */
    double[] at(double mean0, double variance0, double t) {
        int steps = (int) Math.ceil(20_000 * t);
        double h = t / steps;
        double mu = mean0;
        double v = variance0;
        for (int s = 0; s < steps; s++) {
            double k1v = dv(v);
            double k1m = dmu(v, mu);
            double k2v = dv(v + 0.5 * h * k1v);
            double k2m = dmu(v + 0.5 * h * k1v, mu + 0.5 * h * k1m);
            double k3v = dv(v + 0.5 * h * k2v);
            double k3m = dmu(v + 0.5 * h * k2v, mu + 0.5 * h * k2m);
            double k4v = dv(v + h * k3v);
            double k4m = dmu(v + h * k3v, mu + h * k3m);
            v += h / 6.0 * (k1v + 2 * k2v + 2 * k3v + k4v);
            mu += h / 6.0 * (k1m + 2 * k2m + 2 * k3m + k4m);
        }
        return new double[] {mu, v};
    }

    private double dv(double v) {
        return 2.0 * diffusion - 2.0 * kappa * a * v * v;
    }

    private double dmu(double v, double mu) {
        return 2.0 * kappa * a * v * (optimum - mu);
    }
}
