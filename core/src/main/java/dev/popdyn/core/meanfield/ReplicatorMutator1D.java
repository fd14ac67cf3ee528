package dev.popdyn.core.meanfield;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Grid solver for the replicator–mutator equation on one hyperparameter axis (docs/design.md §1.5), in both forms:
 * <ul>
 *   <li><b>continuous time</b> (Alfaro and Carles 2017; Pathiraja and Wacker 2024):
 *   ∂ₜρ = D ∂ₓ²ρ + κ (F̄(x) − ∫F̄ρ) ρ on [lo, hi] with a reflecting (zero-flux) boundary —
 *   {@link #stepContinuous};</li>
 *   <li><b>discrete generations</b>, popdyn's own slow step (Boltzmann selection with ν = 1, then reflected
 *   Gaussian mutation of every agent): ρₙ₊₁ = K_mut ∗ (ρₙ e^{αF̄} / Zₙ) — {@link #stepDiscrete}.</li>
 * </ul>
 *
 * <p><b>Discretisation</b> (finite volume). The state is the vector of cell masses mᵢ = ∫_{cell i} ρ, i.e. a
 * piecewise-constant density; F̄ is evaluated once, at the cell centres (natural value λ = {@code grid.toNatural}
 * of the centre), so the selection terms are second-order accurate in h. A continuous step of length dt is the
 * Strang splitting (Strang 1968) S(dt/2) ∘ H(dt) ∘ S(dt/2), where
 * <ul>
 *   <li>S(τ) is the exact solution of the selection ODE dmᵢ/dt = κ(F̄ᵢ − Σⱼ F̄ⱼmⱼ)mᵢ:
 *   mᵢ ← mᵢ e^{κF̄ᵢτ} / Z (positive weights, renormalised to the current mass);</li>
 *   <li>H(dt) = exp(dt·D·L) is the exact solution of the semi-discrete no-flux diffusion
 *   dmᵢ/dt = D (mᵢ₊₁ − 2mᵢ + mᵢ₋₁)/h² (boundary fluxes zero), computed from the cosine eigenbasis
 *   ({@link CellKernel#neumannHeat}).</li>
 * </ul>
 * <b>Stability:</b> both sub-steps are exact flows of positivity-preserving, mass-conserving semi-discrete systems,
 * so the scheme is unconditionally stable — no CFL condition D·dt/h² ≤ ½ as an explicit scheme would need. The
 * error is O(h²) in space plus the O(dt²) splitting error, which stays small while κ·dt·(max F̄ − min F̄ over the
 * occupied cells) ≪ 1 and D·dt is small against the squared length scale of ρ.
 *
 * <p>A discrete step multiplies by e^{α(F̄ᵢ − max F̄)} and renormalises (the same weights as
 * {@code BoltzmannSelection}), then applies the cell-to-cell transition matrix of u' = reflect(u + s·ξ) in
 * normalised coordinates u ∈ [−1, 1] ({@code GaussianMutation} with the {@code reflect} boundary,
 * {@code HyperDim.reflect}), integrated exactly over source and target cell ({@link CellKernel#reflectedGaussian}).
 *
 * <p>Both steps conserve the total mass (kept at 1; to rounding, about 1e-16 per step) and keep every mass ≥ 0.
 * Moments and the CDF are those of the piecewise-constant density, so the variance includes the h²/12 of the
 * uniform spread within a cell. Kernels are cached for the last (D·dt) and the last s used.
 *
 * <p>Mutable and not thread-safe: use one instance per thread.
 */
public final class ReplicatorMutator1D {
    private final MeanFieldGrid1D grid;
    private final int n;
    private final double[] fitness;
    private final double fitnessMax;
    private final double[] m;
    private final double[] scratch;
    private CellKernel heat;
    private double heatKey = Double.NaN;
    private CellKernel mutation;
    private double mutationKey = Double.NaN;

    /**
     * A solver on {@code grid} for the effective fitness F̄(λ) ({@code fitness} takes the natural value λ, is
     * evaluated at the cell centres once, and may return −∞ for a cell selection must empty). Starts uniform.
     */
    public ReplicatorMutator1D(MeanFieldGrid1D grid, DoubleUnaryOperator fitness) {
        this.grid = grid;
        this.n = grid.cells();
        this.fitness = new double[n];
        for (int i = 0; i < n; i++) {
            this.fitness[i] = fitness.applyAsDouble(grid.toNatural(grid.center(i)));
        }
        this.fitnessMax = Masses.checkFitness(this.fitness);
        this.m = new double[n];
        this.scratch = new double[n];
        setUniform();
    }

    public MeanFieldGrid1D grid() {
        return grid;
    }

    /** F̄ at the cell centres (a copy). */
    public double[] fitness() {
        return fitness.clone();
    }

    /** Sets the uniform density on [lo, hi]. */
    public void setUniform() {
        Arrays.fill(m, 1.0 / n);
    }

    /** Sets the N(mean, variance) density (axis coordinates) restricted to [lo, hi], integrated exactly per cell. */
    public void setGaussian(double mean, double variance) {
        System.arraycopy(Masses.gaussianCells(grid, mean, variance), 0, m, 0, n);
    }

    /** Sets the cell masses, rescaled to total mass 1. */
    public void setMasses(double[] masses) {
        Masses.setNormalised(m, masses, 1.0);
    }

    /** Sets the density values per axis unit in each cell, rescaled to total mass 1. */
    public void setDensity(double[] density) {
        Masses.setNormalised(m, density, grid.width());
    }

    /**
     * One continuous-time step of length dt: S(dt/2) H(dt) S(dt/2) with diffusion D ≥ 0 (axis units² per unit time)
     * and selection strength κ ≥ 0.
     */
    public void stepContinuous(double diffusion, double kappa, double dt) {
        checkNonNegative("diffusion", diffusion);
        checkNonNegative("kappa", kappa);
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0: " + dt);
        }
        Masses.select(m, fitness, fitnessMax, 0.5 * kappa * dt);
        double r = diffusion * dt / (grid.width() * grid.width());
        if (r > 0) {
            if (r != heatKey) {
                heat = CellKernel.neumannHeat(n, r);
                heatKey = r;
            }
            heat.apply(m, scratch);
            System.arraycopy(scratch, 0, m, 0, n);
        }
        Masses.select(m, fitness, fitnessMax, 0.5 * kappa * dt);
    }

    /**
     * One generation: selection ρ e^{αF̄}/Z (α ≥ 0), then reflected Gaussian mutation with step s ≥ 0 in normalised
     * coordinates.
     */
    public void stepDiscrete(double alpha, double sigma) {
        checkNonNegative("alpha", alpha);
        checkNonNegative("sigma", sigma);
        Masses.select(m, fitness, fitnessMax, alpha);
        if (sigma > 0) {
            if (sigma != mutationKey) {
                mutation = CellKernel.reflectedGaussian(n, sigma);
                mutationKey = sigma;
            }
            mutation.apply(m, scratch);
            System.arraycopy(scratch, 0, m, 0, n);
        }
    }

    private static void checkNonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0: " + v);
        }
    }

    /** The cell masses (a copy). */
    public double[] masses() {
        return m.clone();
    }

    /** The density per axis unit in each cell (a copy). */
    public double[] density() {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = m[i] / grid.width();
        }
        return d;
    }

    /** The total mass (1 up to rounding). */
    public double mass() {
        return Masses.sum(m);
    }

    /** The mean ∫xρ of the axis coordinate. */
    public double mean() {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += m[i] * grid.center(i);
        }
        return s / mass();
    }

    /** The variance of the piecewise-constant density: Σmᵢ(cᵢ − mean)²/M + h²/12. */
    public double variance() {
        double mu = mean();
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            double d = grid.center(i) - mu;
            s += m[i] * d * d;
        }
        return s / mass() + grid.width() * grid.width() / 12.0;
    }

    /** The mean fitness ∫F̄ρ (−∞ if mass sits on a −∞ cell). */
    public double meanFitness() {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            if (m[i] > 0) {
                s += m[i] * fitness[i];
            }
        }
        return s / mass();
    }

    /** The CDF at axis coordinate x (linear within a cell; 0 below lo, 1 above hi). */
    public double cdf(double x) {
        if (x <= grid.lo()) {
            return 0.0;
        }
        if (x >= grid.hi()) {
            return 1.0;
        }
        int k = grid.cellOf(x);
        double below = 0.0;
        for (int i = 0; i < k; i++) {
            below += m[i];
        }
        double frac = (x - grid.edge(k)) / grid.width();
        return Math.min(1.0, (below + frac * m[k]) / mass());
    }

    /** The inverse of {@link #cdf}: the first x where the CDF reaches p ∈ [0, 1] (p = 0: left end of the support). */
    public double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        double target = p * mass();
        double below = 0.0;
        for (int i = 0; i < n; i++) {
            if (m[i] > 0 && below + m[i] >= target) {
                double frac = Math.max(0.0, (target - below) / m[i]);
                return grid.edge(i) + Math.min(1.0, frac) * grid.width();
            }
            below += m[i];
        }
        for (int i = n - 1; i >= 0; i--) {
            if (m[i] > 0) {
                return grid.edge(i + 1);
            }
        }
        return grid.hi();
    }
}
