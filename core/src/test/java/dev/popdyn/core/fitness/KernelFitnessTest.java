package dev.popdyn.core.fitness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The binned Nadaraya–Watson estimator: the fitness-estimator contract for its per-agent pass (which returns the
 * instant value the engine later completes), its h → 0 limit, its accuracy on a known f(λ), and its neighbourhoods.
 */
class KernelFitnessTest extends FitnessEstimatorContract {
    private static final HyperSpace ONE = HyperSpace.of(HyperDim.real("reg", 0, 4, Scale.LINEAR));
    private static final HyperSpace TWO = HyperSpace.of(HyperDim.real("a", 0, 1, Scale.LINEAR),
            HyperDim.real("b", 0.01, 1, Scale.LOG));

    /** Over λ = (reg, temperature), the coordinates of the contract's test agent. */
    @Override
    protected FitnessEstimator estimator() {
        return new KernelFitness(0.1, HyperSpace.of(HyperDim.real("reg", 0, 2, Scale.LINEAR),
                HyperDim.real("temperature", 0, 1, Scale.LINEAR)));
    }

    private static double f(double u) {
        return Math.sin(2 * u) - u * u;
    }

    @Test
    void reducesToInstantWhenBandwidthIsBelowHalfTheSpacing() {
        int n = 200;
        double[] hyper = new double[n];
        double[] inst = new double[n];
        long[] ids = new long[n];
        boolean[] ok = new boolean[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            hyper[i] = 4.0 * i / (n - 1);
            inst[i] = r.nextGaussian();
            ok[i] = true;
        }
        double spacing = 2.0 / (n - 1);
        KernelFitness k = new KernelFitness(0.49 * spacing, ONE);
        double[] fit = new double[n];
        k.complete(ids, hyper, 1, ok, inst, fit, n);
        assertThat(fit).containsExactly(inst);
    }

    @Test
    void recoversKnownFitnessWithinBiasAndNoise() {
        int n = 200_000;
        double sigma = 0.5;
        double h = 0.05;
        SplittableRandom r = new SplittableRandom(5);
        double[] hyper = new double[2 * n];
        double[] inst = new double[n];
        long[] ids = new long[n];
        boolean[] ok = new boolean[n];
        double[] truth = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            double ua = -1 + 2 * r.nextDouble();
            double ub = -1 + 2 * r.nextDouble();
            hyper[2 * i] = TWO.dim(0).fromUnit(ua);
            hyper[2 * i + 1] = TWO.dim(1).fromUnit(ub);
            truth[i] = f(ua) + 0.5 * f(ub);
            inst[i] = truth[i] + sigma * r.nextGaussian();
            ok[i] = true;
        }
        KernelFitness k = new KernelFitness(h, TWO);
        double[] fit = new double[n];
        k.complete(ids, hyper, 2, ok, inst, fit, n);
        // Neighbourhood: 3×3 bins of width h, ≈ 9·n·h²/4 agents; the agent sits anywhere in the middle bin, so the
        // bias is up to |∇f|·h (one bin off-centre) plus f''·(3h)²/24; |f'| ≤ 2 + 2, |f''| ≤ 4 + 2 per axis.
        double count = 9.0 * n * h * h / 4.0;
        double bound = (4.0 + 2.0) * h + 6.0 * 9 * h * h / 24 + 4.0 * sigma / Math.sqrt(count);
        double maxErr = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.abs(fit[i] - truth[i]);
            maxErr = Math.max(maxErr, e);
            sq += e * e;
        }
        assertThat(maxErr).isLessThan(bound);
        assertThat(Math.sqrt(sq / n)).isLessThan(bound / 2);
    }

    @Test
    void sumsRunOverTheNeighbouringBinsOnly() {
        KernelFitness k = new KernelFitness(0.5, ONE);
        assertThat(k.binsPerAxis()).isEqualTo(4);
        double[] hyper = {0.1, 0.9, 1.1, 2.1, 3.9};
        double[] inst = {1, 2, 4, 8, 16};
        long[] ids = {0, 1, 2, 3, 4};
        boolean[] ok = {true, true, true, true, true};
        double[] fit = new double[5];
        k.complete(ids, hyper, 1, ok, inst, fit, 5);
        assertThat(fit).containsExactly((1 + 2 + 4) / 3.0, (1 + 2 + 4) / 3.0, (1 + 2 + 4 + 8) / 4.0,
                (4 + 8 + 16) / 3.0, (8 + 16) / 2.0);
        ok[4] = false;
        fit[4] = Double.NEGATIVE_INFINITY;
        k.complete(ids, hyper, 1, ok, inst, fit, 5);
        assertThat(fit[3]).isEqualTo((4 + 8) / 2.0);
        assertThat(fit[4]).isEqualTo(Double.NEGATIVE_INFINITY);
        long[] shuffled = {4, 3, 2, 1, 0};
        double[] fit2 = new double[5];
        k.complete(shuffled, hyper, 1, new boolean[]{true, true, true, true, true}, inst, fit2, 5);
        assertThat(Arrays.stream(fit2).sum()).isPositive();
    }
}
