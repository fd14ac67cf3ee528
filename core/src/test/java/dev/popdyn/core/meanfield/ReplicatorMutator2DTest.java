package dev.popdyn.core.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.mutate.GaussianMutation;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

class ReplicatorMutator2DTest {
    @Test
    void separableProblemReducesToTheOneDimensionalSolverOnEachAxis() {
        // F̄(x, y) = f(x) + g(y) and a product initial law: the weights and both kernels factorise, so each
        // marginal must follow the 1-D solver to rounding, in both forms
        MeanFieldGrid1D gx = new MeanFieldGrid1D(0, 2, 40);
        MeanFieldGrid1D gy = new MeanFieldGrid1D(-1, 3, 30);
        ReplicatorMutator2D s2 = new ReplicatorMutator2D(new MeanFieldGrid2D(gx, gy),
                (x, y) -> -Math.pow(x - 1.5, 2) + Math.sin(y));
        ReplicatorMutator1D sx = new ReplicatorMutator1D(gx, x -> -Math.pow(x - 1.5, 2));
        ReplicatorMutator1D sy = new ReplicatorMutator1D(gy, Math::sin);
        s2.setGaussian(0.4, 0.05, 0.0, 0.3);
        sx.setGaussian(0.4, 0.05);
        sy.setGaussian(0.0, 0.3);
        for (int k = 0; k < 20; k++) {
            s2.stepContinuous(0.02, 1.5, 0.05);
            sx.stepContinuous(0.02, 1.5, 0.05);
            sy.stepContinuous(0.02, 1.5, 0.05);
            s2.stepDiscrete(0.7, 0.1);
            sx.stepDiscrete(0.7, 0.1);
            sy.stepDiscrete(0.7, 0.1);
        }
        assertArrayClose(s2.marginal(0), sx.masses(), 1e-13);
        assertArrayClose(s2.marginal(1), sy.masses(), 1e-13);
        assertThat(s2.variance(0)).isCloseTo(sx.variance(), within(1e-12));
        assertThat(s2.covariance()).isCloseTo(0.0, within(1e-13));
    }

    private static void assertArrayClose(double[] a, double[] b, double tol) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("index %d", i).isCloseTo(b[i], within(tol));
        }
    }

    @Test
    void continuousSolverFollowsTheGaussianClosedFormOnEachAxis() {
        // F̄ = −a(x − x*)² − b(y − y*)²: the product Gaussian stays a product of Alfaro–Carles Gaussians.
        // 80 × 80 cells on [−4, 4]², h = 0.1: tolerance h²/4 as in the 1-D test
        double d = 0.05;
        double kappa = 1.0;
        ReplicatorMutator2D s = new ReplicatorMutator2D(new MeanFieldGrid2D(new MeanFieldGrid1D(-4, 4, 80),
                new MeanFieldGrid1D(-4, 4, 80)), (x, y) -> -(x - 1) * (x - 1) - 2 * (y + 0.5) * (y + 0.5));
        s.setGaussian(-1, 0.25, 0.5, 0.1);
        for (int k = 0; k < 150; k++) {
            s.stepContinuous(d, kappa, 0.01);
        }
        double[] ex = new GaussianOracle(d, kappa, 1, 1).at(-1, 0.25, 1.5);
        double[] ey = new GaussianOracle(d, kappa, 2, -0.5).at(0.5, 0.1, 1.5);
        double tol = 0.1 * 0.1 / 4;
        assertThat(s.mean(0)).isCloseTo(ex[0], within(tol));
        assertThat(s.variance(0)).isCloseTo(ex[1], within(tol));
        assertThat(s.mean(1)).isCloseTo(ey[0], within(tol));
        assertThat(s.variance(1)).isCloseTo(ey[1], within(tol));
    }

    @Test
    void bothFormsConserveMassAndPositivityFromAPointMass() {
        MeanFieldGrid2D grid = new MeanFieldGrid2D(new MeanFieldGrid1D(0, 1, 50), new MeanFieldGrid1D(0, 2, 40));
        DoubleBinaryOperator f = (x, y) -> -20 * Math.pow(x - y / 2, 2) - Math.pow(x + y - 1, 2);
        ReplicatorMutator2D s = new ReplicatorMutator2D(grid, f);
        double[] point = new double[grid.size()];
        point[grid.index(0, 39)] = 1.0;
        for (double sel : new double[] {0.0, 4.0}) {
            s.setMasses(point);
            s.stepContinuous(0.01, sel, 0.5);
            ReplicatorMutator1DTest.assertNonNegativeWithUnitMass(s.masses());
            for (int k = 0; k < 100; k++) {
                s.stepContinuous(0.002, sel, 0.01);
                s.stepDiscrete(sel, k % 2 == 0 ? 0.03 : 0.6);
            }
            ReplicatorMutator1DTest.assertNonNegativeWithUnitMass(s.masses());
        }
    }

    @Test
    void withoutSelectionUniformStaysUniformAndTinyMutationChangesNothing() {
        ReplicatorMutator2D s = new ReplicatorMutator2D(new MeanFieldGrid2D(new MeanFieldGrid1D(0, 1, 30),
                new MeanFieldGrid1D(-3, 3, 20)), (x, y) -> x * y);
        for (int k = 0; k < 30; k++) {
            s.stepDiscrete(0.0, 0.45);
            s.stepContinuous(0.1, 0.0, 0.05);
        }
        for (double v : s.masses()) {
            assertThat(v * 600).isCloseTo(1.0, within(1e-12));
        }
        s.setGaussian(0.3, 0.01, 1.0, 0.5);
        double[] before = s.masses();
        s.stepDiscrete(0.0, 1e-12);
        double[] after = s.masses();
        for (int k = 0; k < before.length; k++) {
            assertThat(after[k]).isCloseTo(before[k], within(1e-10 * before[k] + 1e-18));
        }
    }

    @Test
    void discreteStepMatchesMonteCarloOfTheParticleStep() {
        // 10⁵ particles from the grid law, reweighted by e^{αF̄}, resampled and mutated by GaussianMutation
        // (reflect; one log-scale coordinate); means and variances within 4 SE (resampling + weight noise)
        HyperDim lr = HyperDim.real("lr", 1e-3, 1.0, Scale.LOG);
        HyperDim reg = HyperDim.real("reg", 0, 2, Scale.LINEAR);
        HyperSpace space = HyperSpace.of(reg, lr);
        DoubleBinaryOperator f = (l, r) -> -Math.pow(Math.log10(l) + 1 - r / 2, 2) - 0.5 * r;
        MeanFieldGrid2D grid = MeanFieldGrid2D.of(space, 120, 100);
        ReplicatorMutator2D s = new ReplicatorMutator2D(grid, f);
        s.setGaussian(-2.5, 0.2, 0.3, 0.05);
        double alpha = 4.0;
        double sigma = 0.15;
        SplittableRandom rng = new SplittableRandom(7);
        int n = 100_000;
        double[][] xy = Particles.sample(s, n, rng);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(alpha * f.applyAsDouble(grid.x().toNatural(xy[0][i]), grid.y().toNatural(xy[1][i])));
        }
        int[] donor = Particles.resample(w, rng);
        GaussianMutation mutation = new GaussianMutation(sigma, GaussianMutation.Boundary.REFLECT, 0.0, 0.0);
        double[] hyper = new double[2];
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            hyper[0] = grid.x().toNatural(xy[0][donor[i]]);
            hyper[1] = grid.y().toNatural(xy[1][donor[i]]);
            mutation.mutate(space, hyper, 0, rng);
            out[0][i] = grid.x().toAxis(hyper[0]);
            out[1][i] = grid.y().toAxis(hyper[1]);
        }
        s.stepDiscrete(alpha, sigma);
        for (int axis = 0; axis < 2; axis++) {
            double[] mc = Particles.moments(out[axis]);
            double[] is = Particles.weightedVariance(xy[axis], w);
            double seMean = Math.sqrt(mc[2] * mc[2] + is[0]);
            double seVar = Math.sqrt(mc[3] * mc[3] + is[1]);
            assertThat(s.mean(axis)).as("mean %d", axis).isCloseTo(mc[0], within(4 * seMean));
            assertThat(s.variance(axis)).as("variance %d", axis).isCloseTo(mc[1], within(4 * seVar));
        }
    }

    @Test
    void gridOfAHyperSpaceFollowsItsSortedOrderAndScales() {
        HyperSpace space = HyperSpace.of(HyperDim.real("reg", 0, 2, Scale.LINEAR),
                HyperDim.real("lr", 1e-3, 1.0, Scale.LOG));
        MeanFieldGrid2D g = MeanFieldGrid2D.of(space, 10, 20);
        assertThat(g.x().lo()).isCloseTo(-3.0, within(1e-15));
        assertThat(g.x().hi()).isEqualTo(0.0);
        assertThat(g.y().hi()).isEqualTo(2.0);
        assertThat(g.index(3, 5)).isEqualTo(65);
        for (double lam : new double[] {1e-3, 0.0123, 0.5, 1.0}) {
            assertThat(g.x().toUnit(g.x().toAxis(lam))).isCloseTo(space.dim(0).toUnit(lam), within(1e-15));
        }
    }
}
