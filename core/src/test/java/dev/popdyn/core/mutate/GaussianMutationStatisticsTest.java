package dev.popdyn.core.mutate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Distributional properties of {@link GaussianMutation} (docs/design.md §1.3) at fixed seeds: reflection keeps a uniform
 * density uniform (Kolmogorov–Smirnov, critical value 1.63/√n for α ≈ 0.01), clipping does not (it puts point
 * masses on the bounds), rounding to nearest keeps an int coordinate's mean in place and does not make 0 absorbing,
 * and log-scale coordinates stay inside their bounds.
 */
class GaussianMutationStatisticsTest {
    private static final int N = 100_000;
    private static final double KS_CRITICAL = 1.63 / Math.sqrt(N);

    /** One mutation of N agents whose coordinate starts uniform on [lo, hi] (in u); returns the sorted results. */
    private static double[] mutateUniform(HyperDim dim, GaussianMutation m, long seed) {
        HyperSpace s = HyperSpace.of(dim);
        double[] out = new double[N];
        double[] x = new double[1];
        for (int i = 0; i < N; i++) {
            SplittableRandom init = Streams.of(seed, 0, i, Purpose.INIT_HYPER);
            x[0] = dim.fromUnit(-1.0 + 2.0 * init.nextDouble());
            m.mutate(s, x, 0, Streams.of(seed, 1, i, Purpose.MUTATE));
            out[i] = x[0];
        }
        Arrays.sort(out);
        return out;
    }

    /** sup |Fₙ − F| of sorted data against the CDF F. */
    private static double ks(double[] sorted, DoubleUnaryOperator cdf) {
        double d = 0;
        int n = sorted.length;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return d;
    }

    @Test
    void reflectionKeepsAUniformDensityUniform() {
        HyperDim dim = HyperDim.real("x", -3.0, 5.0, Scale.LINEAR);
        for (double sigma : new double[]{0.3, 1.7}) {
            double[] out = mutateUniform(dim, new GaussianMutation(sigma, GaussianMutation.Boundary.REFLECT, 0, 0),
                    11);
            assertThat(ks(out, x -> (x + 3.0) / 8.0)).as("KS distance, sigma %s", sigma).isLessThan(KS_CRITICAL);
        }
    }

    @Test
    void reflectionKeepsALogUniformDensityLogUniform() {
        HyperDim dim = HyperDim.real("lr", 1e-5, 0.1, Scale.LOG);
        double[] out = mutateUniform(dim, new GaussianMutation(0.5, GaussianMutation.Boundary.REFLECT, 0, 0), 12);
        assertThat(ks(out, x -> (Math.log10(x) + 5.0) / 4.0)).isLessThan(KS_CRITICAL);
    }

    /** The same KS test detects the point masses that clipping puts on the bounds. */
    @Test
    void clippingDoesNotKeepAUniformDensity() {
        HyperDim dim = HyperDim.real("x", -3.0, 5.0, Scale.LINEAR);
        double[] out = mutateUniform(dim, new GaussianMutation(0.3, GaussianMutation.Boundary.CLIP, 0, 0), 11);
        assertThat(ks(out, x -> (x + 3.0) / 8.0)).isGreaterThan(KS_CRITICAL);
        long atBounds = Arrays.stream(out).filter(x -> x == -3.0 || x == 5.0).count();
        assertThat(atBounds).isGreaterThan(N / 20);
    }

    /**
     * An int coordinate on [0, 10] starting uniform over the 11 values: after 200 perturbations the mean is still 5
     * (the kernel is symmetric about the centre) within 4 standard errors. Truncation instead of rounding would
     * drag it toward 0.
     */
    @Test
    void integersDoNotDriftTowardZero() {
        HyperDim dim = HyperDim.integer("k", 0, 10, Scale.LINEAR);
        HyperSpace s = HyperSpace.of(dim);
        for (double sigma : new double[]{0.1, 0.3}) {
            GaussianMutation m = new GaussianMutation(sigma, GaussianMutation.Boundary.REFLECT, 0, 0);
            int n = 4000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double[] x = {i % 11};
                for (int g = 1; g <= 200; g++) {
                    m.mutate(s, x, 0, Streams.of(21, g, i, Purpose.MUTATE));
                }
                sum += x[0];
                sumSq += x[0] * x[0];
            }
            double mean = sum / n;
            double var = (sumSq - n * mean * mean) / (n - 1);
            assertThat(mean).as("mean after 200 steps, sigma %s", sigma)
                    .isCloseTo(5.0, within(4 * Math.sqrt(var / n)));
        }
    }

    /**
     * Started at 0, int agents leave 0 and spread: with rounding to nearest a step of more than half a unit moves
     * away from 0, so after 200 perturbations most agents are elsewhere and the mean has moved well away from 0.
     */
    @Test
    void zeroIsNotAbsorbing() {
        HyperDim dim = HyperDim.integer("k", 0, 10, Scale.LINEAR);
        HyperSpace s = HyperSpace.of(dim);
        GaussianMutation m = new GaussianMutation(0.1, GaussianMutation.Boundary.REFLECT, 0, 0);
        int n = 2000;
        int atZero = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] x = {0};
            for (int g = 1; g <= 200; g++) {
                m.mutate(s, x, 0, Streams.of(22, g, i, Purpose.MUTATE));
            }
            sum += x[0];
            if (x[0] == 0) {
                atZero++;
            }
        }
        assertThat((double) atZero / n).isLessThan(0.3);
        assertThat(sum / n).isGreaterThan(2.0);
    }

    @Test
    void logScaleNeverLeavesItsBounds() {
        HyperDim[] dims = {HyperDim.real("a", 0.1, 0.3, Scale.LOG), HyperDim.real("b", 1e-12, 1e6, Scale.LOG),
            HyperDim.integer("c", 1, 3, Scale.LOG), HyperDim.real("d", 3e-7, 7e-7, Scale.LOG)};
        for (HyperDim dim : dims) {
            HyperSpace s = HyperSpace.of(dim);
            for (GaussianMutation.Boundary b : GaussianMutation.Boundary.values()) {
                GaussianMutation m = new GaussianMutation(3.0, b, 0, 0);
                for (int i = 0; i < 500; i++) {
                    double[] x = {i % 2 == 0 ? dim.lo() : dim.hi()};
                    for (int g = 1; g <= 40; g++) {
                        m.mutate(s, x, 0, Streams.of(23, g, i, Purpose.MUTATE));
                        assertThat(x[0]).as("%s %s agent %d", dim.name(), b, i).isBetween(dim.lo(), dim.hi());
                    }
                }
            }
        }
    }

    @Test
    void resampleRedrawsFromThePriorWithTheStatedProbability() {
        HyperSpace s = HyperSpace.of(HyperDim.real("x", 0, 1, Scale.LINEAR), HyperDim.real("y", 0, 1,
                Scale.LINEAR));
        double r = 0.25;
        GaussianMutation m = new GaussianMutation(0.0, GaussianMutation.Boundary.REFLECT, r, 0);
        int n = 20_000;
        int redrawn = 0;
        for (int i = 0; i < n; i++) {
            if (m.mutate(s, new double[]{0.5, 0.5}, 0, Streams.of(24, 1, i, Purpose.MUTATE))) {
                redrawn++;
            }
        }
        double p = 1 - (1 - r) * (1 - r);
        assertThat((double) redrawn / n).isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / n)));
    }

    @Test
    void categoricalMovesToAnAdjacentLevelWithTheStatedProbability() {
        HyperDim dim = HyperDim.categorical("c", 1, 2, 4, 8, 16);
        HyperSpace s = HyperSpace.of(dim);
        double p = 0.3;
        GaussianMutation m = new GaussianMutation(0.1, GaussianMutation.Boundary.REFLECT, 0, p);
        int n = 20_000;
        int moved = 0;
        for (int i = 0; i < n; i++) {
            double[] x = {4};
            m.mutate(s, x, 0, Streams.of(25, 1, i, Purpose.MUTATE));
            assertThat(x[0]).isIn(2.0, 4.0, 8.0);
            if (x[0] != 4) {
                moved++;
            }
        }
        assertThat((double) moved / n).isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / n)));
    }
}
