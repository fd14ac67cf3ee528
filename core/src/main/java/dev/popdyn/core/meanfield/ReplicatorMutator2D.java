package dev.popdyn.core.meanfield;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/**
 * Grid solver for the replicator–mutator equation on a two-coordinate hyperparameter box (docs/design.md §1.5; Alfaro and
 * Carles 2017), the 2-D counterpart of {@link ReplicatorMutator1D} with the same discretisation:
 * <ul>
 *   <li>continuous time, ∂ₜρ = D Δρ + κ (F̄ − ∫F̄ρ) ρ with zero flux through the box faces: Strang splitting
 *   S(dt/2) ∘ H(dt) ∘ S(dt/2), S the exact selection flow and H(dt) = exp(dt·D·(Lₓ ⊕ L_y)) =
 *   exp(dt·D·Lₓ) ⊗ exp(dt·D·L_y), the exact flow of the five-point finite-volume Laplacian (the two axis operators
 *   commute, so H is applied axis by axis, each with {@link CellKernel#neumannHeat}). Unconditionally stable,
 *   mass conserving and positivity preserving; error O(h²) + O(dt²).</li>
 *   <li>discrete generations, ρₙ₊₁ = K_mut ∗ (ρₙ e^{αF̄}/Zₙ): {@code GaussianMutation} perturbs each coordinate
 *   independently in normalised units, u' = reflect(u + s·ξ), so K_mut = Kₓ ⊗ K_y with
 *   {@link CellKernel#reflectedGaussian} on each axis.</li>
 * </ul>
 * The state is the cell masses, flat and row-major ({@link MeanFieldGrid2D#index}); F̄ takes the natural values
 * (λ₁, λ₂) and is evaluated once at the cell centres. One step costs O(nx·ny·(nx + ny)) (dense axis kernels).
 *
 * <p>Mutable and not thread-safe: use one instance per thread.
 */
public final class ReplicatorMutator2D {
    private final MeanFieldGrid2D grid;
    private final int nx;
    private final int ny;
    private final double[] fitness;
    private final double fitnessMax;
    private final double[] m;
    private final double[] scratch;
    private CellKernel heatX;
    private CellKernel heatY;
    private double heatKey = Double.NaN;
    private CellKernel mutationX;
    private CellKernel mutationY;
    private double mutationKey = Double.NaN;

    /**
     * A solver on {@code grid} for F̄(λ₁, λ₂) (natural values; evaluated at the cell centres once; −∞ allowed for
     * cells selection must empty). Starts uniform.
     */
    public ReplicatorMutator2D(MeanFieldGrid2D grid, DoubleBinaryOperator fitness) {
        this.grid = grid;
        this.nx = grid.x().cells();
        this.ny = grid.y().cells();
        this.fitness = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            double lx = grid.x().toNatural(grid.x().center(i));
            for (int j = 0; j < ny; j++) {
                this.fitness[i * ny + j] = fitness.applyAsDouble(lx, grid.y().toNatural(grid.y().center(j)));
            }
        }
        this.fitnessMax = Masses.checkFitness(this.fitness);
        this.m = new double[nx * ny];
        this.scratch = new double[nx * ny];
        setUniform();
    }

    public MeanFieldGrid2D grid() {
        return grid;
    }

    /** F̄ at the cell centres (a copy, row-major). */
    public double[] fitness() {
        return fitness.clone();
    }

    /** Sets the uniform density on the box. */
    public void setUniform() {
        Arrays.fill(m, 1.0 / (nx * ny));
    }

    /**
     * Sets the product density N(meanX, varX) ⊗ N(meanY, varY) (axis coordinates) restricted to the box, integrated
     * exactly per cell.
     */
    public void setGaussian(double meanX, double varX, double meanY, double varY) {
        double[] px = Masses.gaussianCells(grid.x(), meanX, varX);
        double[] py = Masses.gaussianCells(grid.y(), meanY, varY);
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                m[i * ny + j] = px[i] * py[j];
            }
        }
    }

    /** Sets the cell masses (row-major), rescaled to total mass 1. */
    public void setMasses(double[] masses) {
        Masses.setNormalised(m, masses, 1.0);
    }

    /** Sets the density values per unit area (row-major), rescaled to total mass 1. */
    public void setDensity(double[] density) {
        Masses.setNormalised(m, density, grid.cellArea());
    }

    /** One continuous-time step S(dt/2) H(dt) S(dt/2) with diffusion D ≥ 0 and selection strength κ ≥ 0. */
    public void stepContinuous(double diffusion, double kappa, double dt) {
        check("diffusion", diffusion);
        check("kappa", kappa);
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0: " + dt);
        }
        Masses.select(m, fitness, fitnessMax, 0.5 * kappa * dt);
        double key = diffusion * dt;
        if (key > 0) {
            if (key != heatKey) {
                double hx = grid.x().width();
                double hy = grid.y().width();
                heatX = CellKernel.neumannHeat(nx, key / (hx * hx));
                heatY = CellKernel.neumannHeat(ny, key / (hy * hy));
                heatKey = key;
            }
            applyProduct(heatX, heatY);
        }
        Masses.select(m, fitness, fitnessMax, 0.5 * kappa * dt);
    }

    /**
     * One generation: selection ρ e^{αF̄}/Z (α ≥ 0), then reflected Gaussian mutation with step s ≥ 0 in normalised
     * units on each coordinate.
     */
    public void stepDiscrete(double alpha, double sigma) {
        check("alpha", alpha);
        check("sigma", sigma);
        Masses.select(m, fitness, fitnessMax, alpha);
        if (sigma > 0) {
            if (sigma != mutationKey) {
                mutationX = CellKernel.reflectedGaussian(nx, sigma);
                mutationY = CellKernel.reflectedGaussian(ny, sigma);
                mutationKey = sigma;
            }
            applyProduct(mutationX, mutationY);
        }
    }

    private void applyProduct(CellKernel kx, CellKernel ky) {
        ky.applyAlongSecond(m, scratch, nx);
        kx.applyAlongFirst(scratch, m, ny);
    }

    private static void check(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0: " + v);
        }
    }

    /** The cell masses (a copy, row-major). */
    public double[] masses() {
        return m.clone();
    }

    /** The density per unit area in each cell (a copy, row-major). */
    public double[] density() {
        double[] d = new double[m.length];
        double area = grid.cellArea();
        for (int k = 0; k < m.length; k++) {
            d[k] = m[k] / area;
        }
        return d;
    }

    /** The total mass (1 up to rounding). */
    public double mass() {
        return Masses.sum(m);
    }

    /** The marginal cell masses along axis 0 (first) or 1 (second). */
    public double[] marginal(int axis) {
        if (axis != 0 && axis != 1) {
            throw new IllegalArgumentException("axis must be 0 or 1: " + axis);
        }
        double[] out = new double[axis == 0 ? nx : ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                out[axis == 0 ? i : j] += m[i * ny + j];
            }
        }
        return out;
    }

    /** The mean of axis coordinate 0 or 1. */
    public double mean(int axis) {
        double[] p = marginal(axis);
        MeanFieldGrid1D g = axis == 0 ? grid.x() : grid.y();
        double s = 0.0;
        double total = 0.0;
        for (int i = 0; i < p.length; i++) {
            s += p[i] * g.center(i);
            total += p[i];
        }
        return s / total;
    }

    /** The variance of axis coordinate 0 or 1 under the piecewise-constant density (includes h²/12). */
    public double variance(int axis) {
        double[] p = marginal(axis);
        MeanFieldGrid1D g = axis == 0 ? grid.x() : grid.y();
        double mu = mean(axis);
        double s = 0.0;
        double total = 0.0;
        for (int i = 0; i < p.length; i++) {
            double d = g.center(i) - mu;
            s += p[i] * d * d;
            total += p[i];
        }
        return s / total + g.width() * g.width() / 12.0;
    }

    /** The covariance of the two axis coordinates (no within-cell term: the cell is a product of uniforms). */
    public double covariance() {
        double mx = mean(0);
        double my = mean(1);
        double s = 0.0;
        for (int i = 0; i < nx; i++) {
            double dx = grid.x().center(i) - mx;
            for (int j = 0; j < ny; j++) {
                s += m[i * ny + j] * dx * (grid.y().center(j) - my);
            }
        }
        return s / mass();
    }

    /** The mean fitness ∫F̄ρ. */
    public double meanFitness() {
        double s = 0.0;
        for (int k = 0; k < m.length; k++) {
            if (m[k] > 0) {
                s += m[k] * fitness[k];
            }
        }
        return s / mass();
    }
}
