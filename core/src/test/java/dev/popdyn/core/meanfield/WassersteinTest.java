package dev.popdyn.core.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WassersteinTest {
    private static double[] uniformSample(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble();
        }
        return x;
    }

    @Test
    void identicalSamplesAreAtDistanceZero() {
        double[] a = uniformSample(500, 1);
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[a.length - 1 - i];
        }
        assertThat(Wasserstein.w1(a, a)).isEqualTo(0.0);
        assertThat(Wasserstein.w1(a, b)).isEqualTo(0.0);
        double[] c = uniformSample(500, 2);
        assertThat(Wasserstein.slicedW1(a, c, b.clone(), reverse(c))).isEqualTo(0.0);
    }

    private static double[] reverse(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[x.length - 1 - i];
        }
        return r;
    }

    @Test
    void shiftingASampleByDeltaGivesDelta() {
        double[] a = uniformSample(1000, 3);
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] + 0.37;
        }
        assertThat(Wasserstein.w1(a, b)).isCloseTo(0.37, within(1e-12));
        // unequal sizes: {0} vs {0, 1} differ by 1/2 on [0, 1)
        assertThat(Wasserstein.w1(new double[] {0}, new double[] {0, 1})).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void pointMassAgainstAOneCellGridIsTheShiftOnceOutsideTheCell() {
        MeanFieldGrid1D grid = new MeanFieldGrid1D(0, 1, 10);
        ReplicatorMutator1D ref = new ReplicatorMutator1D(grid, x -> 0);
        double[] m = new double[10];
        m[3] = 1.0;
        ref.setMasses(m);
        double centre = grid.center(3);
        for (double delta : new double[] {0.05, 0.2, -0.3, 0.9}) {
            double[] sample = new double[50];
            Arrays.fill(sample, centre + delta);
            assertThat(Wasserstein.w1(sample, ref)).as("delta %s", delta).isCloseTo(Math.abs(delta), within(1e-14));
        }
        // a point at the centre of a cell of width h against the uniform law on that cell: h/4
        assertThat(Wasserstein.w1(new double[] {centre}, ref)).isCloseTo(0.025, within(1e-15));
    }

    @Test
    void gridFormulaMatchesBruteForceIntegrationOfTheCdfGap() {
        double[] masses = {0.1, 0.0, 0.35, 0.05, 0.2, 0.25, 0.05};
        double lo = -1;
        double hi = 2.5;
        double[] sample = {-1.7, -0.2, 0.0, 0.31, 0.31, 0.9, 1.2, 1.25, 1.9, 2.2, 2.49, 3.1, 0.5};
        double exact = Wasserstein.w1(sample, lo, hi, masses);
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        int steps = 2_000_000;
        double a = -2;
        double b = 3.5;
        double dx = (b - a) / steps;
        double sum = 0;
        double[] cum = new double[masses.length + 1];
        for (int k = 0; k < masses.length; k++) {
            cum[k + 1] = cum[k] + masses[k];
        }
        double w = (hi - lo) / masses.length;
        int below = 0;
        for (int s = 0; s < steps; s++) {
            double x = a + (s + 0.5) * dx;
            while (below < sorted.length && sorted[below] <= x) {
                below++;
            }
            double f;
            if (x <= lo) {
                f = 0;
            } else if (x >= hi) {
                f = 1;
            } else {
                int k = (int) ((x - lo) / w);
                f = (cum[k] + (x - lo - k * w) / w * masses[k]) / cum[masses.length];
            }
            sum += Math.abs((double) below / sorted.length - f) * dx;
        }
        assertThat(exact).isCloseTo(sum, within(1e-5));
    }

    @Test
    void distanceOfAUniformSampleToTheUniformGridShrinksLikeInverseSqrtN() {
        // √N·W1 → ∫|B(t)|dt for a Brownian bridge B, whose mean is √(2/π)·∫√(t(1−t))dt = √(2/π)·π/8 ≈ 0.313 and
        // whose spread is wide (a single draw can be off by 2×), so average fixed-seed replicates: 20 at N = 100,
        // 4 at N = 10⁴; the ratio of the averages should be ≈ 10
        ReplicatorMutator1D ref = new ReplicatorMutator1D(new MeanFieldGrid1D(0, 1, 100), x -> 0);
        double small = 0;
        for (int r = 0; r < 20; r++) {
            small += Wasserstein.w1(uniformSample(100, 100 + r), ref) / 20;
        }
        double large = 0;
        for (int r = 0; r < 4; r++) {
            large += Wasserstein.w1(uniformSample(10_000, 200 + r), ref) / 4;
        }
        assertThat(small / large).isBetween(3.0, 30.0);
        assertThat(large * 100).isBetween(0.313 / 2, 0.313 * 2);
        assertThat(small * 10).isBetween(0.313 / 2, 0.313 * 2);
    }

    @Test
    void slicedDistanceOfShiftedSamplesIsTheShiftTimesTheMeanAbsoluteCosine() {
        double[] x = uniformSample(2000, 21);
        double[] y = uniformSample(2000, 22);
        double[] xs = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xs[i] = x[i] + 0.4;
        }
        double meanAbsCos = 0;
        for (int k = 0; k < Wasserstein.DIRECTIONS; k++) {
            meanAbsCos += Math.abs(Math.cos(Wasserstein.angle(k))) / Wasserstein.DIRECTIONS;
        }
        assertThat(Wasserstein.slicedW1(x, y, xs, y)).isCloseTo(0.4 * meanAbsCos, within(1e-12));
    }

    @Test
    void axisDirectionsOfTheSlicedGridDistanceAreTheMarginalDistances() {
        MeanFieldGrid2D grid = new MeanFieldGrid2D(new MeanFieldGrid1D(0, 4, 25), new MeanFieldGrid1D(-1, 1, 25));
        ReplicatorMutator2D ref = new ReplicatorMutator2D(grid, (a, b) -> -(a - 3) * (a - 3) - 4 * b * b);
        ref.setGaussian(1.0, 0.5, 0.2, 0.1);
        ref.stepDiscrete(1.0, 0.2);
        double[][] p = Particles.sample(ref, 3000, new SplittableRandom(5));
        double[] ux = new double[p[0].length];
        double[] uy = new double[p[1].length];
        for (int i = 0; i < ux.length; i++) {
            ux[i] = grid.x().toUnit(p[0][i]);
            uy[i] = grid.y().toUnit(p[1][i]);
        }
        // with nx = ny the 8(nx + ny) histogram bins refine the cells exactly, so θ = 0 and θ = π/2 are exact
        double alongX = Wasserstein.projectedToGrid(ux, uy, grid, ref.masses(), 0.0);
        double alongY = Wasserstein.projectedToGrid(ux, uy, grid, ref.masses(), Math.PI / 2);
        assertThat(alongX).isCloseTo(Wasserstein.w1(ux, -1, 1, ref.marginal(0)), within(1e-12));
        assertThat(alongY).isCloseTo(Wasserstein.w1(uy, -1, 1, ref.marginal(1)), within(1e-12));
    }

    @Test
    void slicedGridDistanceObeysTheTriangleInequalityUnderAShift() {
        MeanFieldGrid2D grid = new MeanFieldGrid2D(new MeanFieldGrid1D(-3, 3, 60), new MeanFieldGrid1D(-3, 3, 50));
        ReplicatorMutator2D ref = new ReplicatorMutator2D(grid, (a, b) -> 0);
        ref.setGaussian(0, 0.3, 0.2, 0.2);
        double[][] p = Particles.sample(ref, 5000, new SplittableRandom(9));
        double base = Wasserstein.slicedW1(p[0], p[1], ref);
        double[] shifted = p[0].clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.6;
        }
        double moved = Wasserstein.slicedW1(shifted, p[1], ref);
        double meanAbsCos = 0;
        for (int k = 0; k < Wasserstein.DIRECTIONS; k++) {
            meanAbsCos += Math.abs(Math.cos(Wasserstein.angle(k))) / Wasserstein.DIRECTIONS;
        }
        // in normalised units the shift is 0.6·2/6 = 0.2;
        // |SW(μ_N + δ, ρ) − SW(ρ + δ, ρ)| ≤ SW(μ_N, ρ) + histogram error
        double expected = 0.2 * meanAbsCos;
        double binWidth = Math.sqrt(2) / (4.0 * (60 + 50));
        assertThat(Math.abs(moved - expected)).isLessThanOrEqualTo(base + binWidth);
        assertThat(base).isLessThan(0.02);
    }

    @Test
    void slicedDistanceToAUniformGridShrinksLikeInverseSqrtN() {
        MeanFieldGrid2D grid = new MeanFieldGrid2D(new MeanFieldGrid1D(0, 1, 40), new MeanFieldGrid1D(0, 1, 40));
        ReplicatorMutator2D ref = new ReplicatorMutator2D(grid, (a, b) -> 0);
        double small = 0;
        for (int r = 0; r < 20; r++) {
            small += Wasserstein.slicedW1(uniformSample(100, 300 + r), uniformSample(100, 400 + r), ref) / 20;
        }
        double large = 0;
        for (int r = 0; r < 4; r++) {
            large += Wasserstein.slicedW1(uniformSample(10_000, 500 + r), uniformSample(10_000, 600 + r), ref) / 4;
        }
        assertThat(small / large).isBetween(3.0, 30.0);
    }

    @Test
    void trapezoidCdfIsContinuousAndSpansZeroToOne() {
        double a = 0.3;
        double b = 0.1;
        assertThat(Wasserstein.trapezoidCdf(-0.4, a, b)).isEqualTo(0.0);
        assertThat(Wasserstein.trapezoidCdf(0.0, a, b)).isCloseTo(0.5, within(1e-15));
        assertThat(Wasserstein.trapezoidCdf(0.4, a, b)).isEqualTo(1.0);
        for (double t : new double[] {-0.2, 0.2}) {
            assertThat(Wasserstein.trapezoidCdf(Math.nextDown(t), a, b))
                    .isCloseTo(Wasserstein.trapezoidCdf(Math.nextUp(t), a, b), within(1e-14));
        }
        assertThat(Wasserstein.trapezoidCdf(0.1, 0.2, 0.0)).isCloseTo(0.75, within(1e-15));
    }
}
