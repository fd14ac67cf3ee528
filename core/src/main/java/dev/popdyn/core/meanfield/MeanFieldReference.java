package dev.popdyn.core.meanfield;

import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.fitness.EffectiveFitness;
import dev.popdyn.core.fitness.EffectiveFitnessEstimate;
import dev.popdyn.core.fitness.NumericalEffectiveFitness;
import dev.popdyn.core.mutate.GaussianMutation;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Prior;
import dev.popdyn.core.params.ValueType;
import dev.popdyn.core.select.BoltzmannSelection;
import java.util.stream.IntStream;

/**
 * The mean-field reference of a run (docs/design.md §1.5): the discrete-generation replicator–mutator recursion
 * ρ_{g} = K_mut ∗ (ρ_{g−1} e^{αF̄} / Z_{g−1}) (Alfaro and Carles 2017 for the continuous analogue; the large-N limit
 * of Boltzmann resampling with ν = 1 followed by reflected Gaussian mutation of every agent), solved on a grid by
 * {@link ReplicatorMutator1D} / {@link ReplicatorMutator2D}, started from the prior ρ₀ (each coordinate's prior
 * integrated exactly per cell; a product in 2-D) and stepped once per generation with
 * α = {@code selection.alpha} and s = {@code mutation.sigma}. F̄ is the model's closed form or, for models without
 * one, the numerical {@link EffectiveFitnessEstimate} tabulated once at the cell centres (in parallel).
 *
 * <p><b>When.</b> {@code reference.enabled = auto} computes it only when popdyn's slow step is exactly this
 * recursion in the limit: {@code selection.rule = boltzmann} with rate 1, {@code mutation.mode = all},
 * {@code mutation.boundary = reflect}, {@code mutation.resample = 0}, {@code fitness.estimator = effective} (so
 * selection sees F̄ itself), and 1 or 2 real coordinates; {@code true} forces it (any rule; F̄ closed form or
 * numerical), {@code false} disables it. Grid: {@code reference.cells} per axis, default 400 (1-D) or 100 (2-D).
 *
 * <p><b>Alignment.</b> The summary row of generation g describes the agents evaluated in generation g, whose λ went
 * through g − 1 slow steps; its {@code w1_reference} is the distance to ρ_{g−1} ({@link #targetAt}(g − 1)), so
 * generation 1 measures the sampling error of the initial population alone.
 *
 * <p>Cost: one 1-D step is O(n²) for n cells (dense kernel; 200 cells ≈ 0.03 ms), a 2-D step O(nx·ny·(nx + ny))
 * (200 × 200 ≈ 20 ms); see docs/limit-bench.md. Mutable (holds the solver at its current generation) and not
 * thread-safe; the driver of a run owns one.
 */
public final class MeanFieldReference {
    private final ReplicatorMutator1D one;
    private final ReplicatorMutator2D two;
    private final double[] prior;
    private final double alpha;
    private final double sigma;
    private int steps;

    private MeanFieldReference(ExperimentParams p, F fbar, int cells) {
        HyperSpace hs = p.hyper();
        this.alpha = p.selection() instanceof BoltzmannSelection b ? b.alpha() : BoltzmannSelection.ALPHA.read(p.config());
        this.sigma = ((GaussianMutation) p.mutation()).sigma();
        if (hs.size() == 1) {
            MeanFieldGrid1D g = MeanFieldGrid1D.of(hs.dim(0), cells > 0 ? cells : 400);
            double[] table = tabulate(g.cells(), i -> fbar.at(new double[]{g.toNatural(g.center(i))}));
            this.one = new ReplicatorMutator1D(g, x -> table[g.cellOf(g.toAxis(x))]);
            this.two = null;
            this.prior = priorMasses(hs.dim(0), g);
            one.setMasses(prior);
        } else {
            int c = cells > 0 ? cells : 100;
            MeanFieldGrid2D g = MeanFieldGrid2D.of(hs, c, c);
            int ny = g.y().cells();
            double[] table = tabulate(g.size(), k -> fbar.at(new double[]{g.x().toNatural(g.x().center(k / ny)),
                g.y().toNatural(g.y().center(k % ny))}));
            this.one = null;
            this.two = new ReplicatorMutator2D(g, (x, y) -> table[g.index(g.x().cellOf(g.x().toAxis(x)),
                    g.y().cellOf(g.y().toAxis(y)))]);
            double[] px = priorMasses(hs.dim(0), g.x());
            double[] py = priorMasses(hs.dim(1), g.y());
            this.prior = new double[g.size()];
            for (int i = 0; i < px.length; i++) {
                for (int j = 0; j < py.length; j++) {
                    prior[g.index(i, j)] = px[i] * py[j];
                }
            }
            two.setMasses(prior);
        }
    }

    private interface F {
        double at(double[] lambda);
    }

    private static double[] tabulate(int n, java.util.function.IntToDoubleFunction f) {
        double[] t = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> t[i] = f.applyAsDouble(i));
        return t;
    }

    /**
     * Why {@code reference.enabled = auto} does not compute the reference for {@code p}, or null if it does.
     */
    public static String autoBlocker(ExperimentParams p) {
        if (!(p.selection() instanceof BoltzmannSelection b) || b.rate() != 1.0) {
            return "selection is not boltzmann with rate 1";
        }
        if (!p.mutateAll()) {
            return "mutation.mode is not all";
        }
        if (!(p.mutation() instanceof GaussianMutation m) || m.boundary() != GaussianMutation.Boundary.REFLECT) {
            return "mutation.boundary is not reflect";
        }
        if (GaussianMutation.RESAMPLE.read(p.config()) != 0.0) {
            return "mutation.resample is not 0";
        }
        if (!(p.estimator() instanceof EffectiveFitness) && !(p.estimator() instanceof NumericalEffectiveFitness)) {
            return "fitness.estimator is not effective";
        }
        return shapeBlocker(p.hyper(), true);
    }

    private static String shapeBlocker(HyperSpace hs, boolean realOnly) {
        if (hs.size() != 1 && hs.size() != 2) {
            return "the reference needs 1 or 2 hyperparameter coordinates, not " + hs.size();
        }
        for (HyperDim d : hs.dims()) {
            if (d.type() == ValueType.CATEGORICAL || (realOnly && d.type() != ValueType.REAL)) {
                return "coordinate " + d.name() + " is " + d.type().name().toLowerCase();
            }
        }
        return null;
    }

    /** The reference of {@code p}, or null when {@code reference.enabled} (and, for auto, the run) rules it out. */
    public static MeanFieldReference forParams(ExperimentParams p) {
        String mode = p.referenceEnabled();
        if (mode.equals("false") || (mode.equals("auto") && autoBlocker(p) != null)) {
            return null;
        }
        String shape = shapeBlocker(p.hyper(), false);
        if (shape != null) {
            throw new IllegalArgumentException("reference.enabled = true: " + shape);
        }
        if (!(p.mutation() instanceof GaussianMutation)) {
            throw new IllegalArgumentException("reference.enabled = true needs Gaussian mutation");
        }
        return new MeanFieldReference(p, effectiveFitness(p), p.referenceCells());
    }

    private static F effectiveFitness(ExperimentParams p) {
        if (p.estimator() instanceof NumericalEffectiveFitness ne) {
            EffectiveFitnessEstimate e = ne.estimate();
            return l -> e.effectiveFitness(l, 0, e.dynamics().temperature(l, 0));
        }
        if (p.model().hasEffectiveFitness()) {
            return l -> p.model().effectiveFitness(l, 0, p.dynamics().temperature(l, 0));
        }
        if (p.dynamics() instanceof LangevinDynamics ld) {
            EffectiveFitnessEstimate e = new EffectiveFitnessEstimate(p.model(), ld,
                    NumericalEffectiveFitness.STEPS.read(p.config()).intValue(),
                    NumericalEffectiveFitness.BURNIN.read(p.config()).intValue(), p.seed());
            return l -> e.effectiveFitness(l, 0, ld.temperature(l, 0));
        }
        throw new IllegalArgumentException("reference.enabled = true: model " + p.model().name() + " has no "
                + "effective fitness (closed form or Langevin estimate)");
    }

    /** The W1 target for ρ_k, the reference after k slow steps (k ≥ 0), stepping the solver as needed. */
    public ReferenceW1 targetAt(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0: " + k);
        }
        if (k < steps) {
            if (one != null) {
                one.setMasses(prior);
            } else {
                two.setMasses(prior);
            }
            steps = 0;
        }
        while (steps < k) {
            if (one != null) {
                one.stepDiscrete(alpha, sigma);
            } else {
                two.stepDiscrete(alpha, sigma);
            }
            steps++;
        }
        return one != null ? ReferenceW1.of(one) : ReferenceW1.of(two);
    }

    /** The 1-D solver (null in 2-D), at the generation of the last {@link #targetAt}. */
    public ReplicatorMutator1D solver1D() {
        return one;
    }

    /**
     * The prior of one coordinate as cell masses on its axis grid: uniform(a, b) on [axis(a), axis(b)] (exact
     * overlaps), a point mass in the cell of the point, normal(m, sd) reflected at both ends (method of images,
     * exact per cell). Matches {@code HyperDim.sample} for real coordinates.
     */
    static double[] priorMasses(HyperDim dim, MeanFieldGrid1D g) {
        int n = g.cells();
        double[] m = new double[n];
        Prior pr = dim.prior();
        switch (pr.kind()) {
            case POINT:
                m[g.cellOf(g.toAxis(pr.a()))] = 1.0;
                return m;
            case UNIFORM: {
                double a = g.toAxis(pr.a());
                double b = g.toAxis(pr.b());
                for (int i = 0; i < n; i++) {
                    m[i] = Math.max(0.0, Math.min(b, g.edge(i + 1)) - Math.max(a, g.edge(i)));
                }
                return m;
            }
            default: {
                double mean = pr.a();
                double sd = pr.b();
                double len = g.hi() - g.lo();
                int images = 3 + (int) Math.ceil(4 * sd / len);
                for (int i = 0; i < n; i++) {
                    double s = 0.0;
                    for (int k = -images; k <= images; k++) {
                        s += normalMass(g.edge(i), g.edge(i + 1), mean + 2 * k * len, sd);
                        s += normalMass(g.edge(i), g.edge(i + 1), 2 * g.lo() - mean + 2 * k * len, sd);
                    }
                    m[i] = s;
                }
                return m;
            }
        }
    }

    private static double normalMass(double x1, double x2, double mean, double sd) {
        double a = (x1 - mean) / sd;
        double b = (x2 - mean) / sd;
        if (a >= 0) {
            return Math.max(0.0, Erf.normalTail(a) - Erf.normalTail(b));
        }
        if (b <= 0) {
            return Math.max(0.0, Erf.normalTail(-b) - Erf.normalTail(-a));
        }
        return Math.max(0.0, 1.0 - Erf.normalTail(b) - Erf.normalTail(-a));
    }
}
