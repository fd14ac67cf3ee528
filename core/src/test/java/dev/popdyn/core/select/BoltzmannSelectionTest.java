package dev.popdyn.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoltzmannSelectionTest extends SelectionContract {
    /**
     * Upper 0.001 quantile of the chi-square law with 7 degrees of freedom (tables, e.g. NIST/SEMATECH e-Handbook
     * 1.3.6.7.4; scipy.stats.chi2.ppf(0.999, 7) = 24.3219).
     */
    private static final double CHI2_7_999 = 24.322;

    @Override
    protected Selection selection() {
        return new BoltzmannSelection(1.5, 0.7);
    }

    /**
     * 8 agents with fitness 0, 0.1, …, 0.7 and α = 2, ν = 1: every draw (agent i in generation g) is an independent
     * multinomial draw with pⱼ = exp(α fⱼ)/Z. 2500 generations × 8 agents = 20000 draws; Pearson's statistic with
     * 7 degrees of freedom must stay below the 0.999 quantile.
     */
    @Test
    void donorFrequenciesFollowTheBoltzmannWeights() {
        int n = 8;
        double alpha = 2.0;
        double[] fitness = new double[n];
        double[] p = new double[n];
        double z = 0;
        for (int j = 0; j < n; j++) {
            fitness[j] = 0.1 * j;
            p[j] = Math.exp(alpha * fitness[j]);
            z += p[j];
        }
        long[] counts = new long[n];
        BoltzmannSelection b = new BoltzmannSelection(alpha, 1.0);
        int generations = 2500;
        for (long g = 1; g <= generations; g++) {
            int[] donors = run(b, new SelectionInput(99, g, n, fitness, new boolean[n], new double[0], new int[n],
                    0));
            for (int d : donors) {
                counts[d]++;
            }
        }
        double total = (double) generations * n;
        double chi2 = 0;
        for (int j = 0; j < n; j++) {
            double expected = total * p[j] / z;
            chi2 += (counts[j] - expected) * (counts[j] - expected) / expected;
        }
        assertThat(chi2).as("Pearson chi-square, df = 7").isLessThan(CHI2_7_999);
    }

    /**
     * Upper 0.001 quantile of the chi-square law with 2 degrees of freedom: −2 ln 0.001 = 13.8155 (closed form for
     * df = 2).
     */
    private static final double CHI2_2_999 = -2 * Math.log(0.001);

    /**
     * Across canonical blocks: N = 10000 (three 4096-agent blocks), all agents diverged except 3 (block 0), 8200 and
     * 9999 (block 2) with fitness 0, ln 2, 0 and α = 1, so block 1 has no mass and pⱼ = 1/4, 1/2, 1/4. Every agent
     * is replaced (the diverged ones always, ν = 1); 3 generations give 30000 draws, Pearson's statistic with 2
     * degrees of freedom must stay below its 0.999 quantile.
     */
    @Test
    void donorFrequenciesAcrossCanonicalBlocks() {
        int n = 10_000;
        int[] healthy = {3, 8200, 9999};
        double[] p = {0.25, 0.5, 0.25};
        double[] fitness = new double[n];
        boolean[] diverged = new boolean[n];
        Arrays.fill(fitness, Double.NEGATIVE_INFINITY);
        Arrays.fill(diverged, true);
        fitness[3] = 0;
        fitness[8200] = Math.log(2);
        fitness[9999] = 0;
        for (int j : healthy) {
            diverged[j] = false;
        }
        long[] counts = new long[3];
        BoltzmannSelection b = new BoltzmannSelection(1.0, 1.0);
        int generations = 3;
        for (long g = 1; g <= generations; g++) {
            int[] donors = run(b, new SelectionInput(4, g, n, fitness, diverged, new double[0], new int[n], 0));
            for (int d : donors) {
                int k = Arrays.binarySearch(healthy, d);
                assertThat(k).as("donor %d is a healthy agent", d).isNotNegative();
                counts[k]++;
            }
        }
        double total = (double) generations * n;
        double chi2 = 0;
        for (int k = 0; k < 3; k++) {
            double expected = total * p[k];
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        assertThat(chi2).as("Pearson chi-square, df = 2").isLessThan(CHI2_2_999);
    }

    /** Each agent is replaced with probability ν: the replaced fraction is ν within 4 standard errors. */
    @Test
    void replacementRateIsNu() {
        double nu = 0.3;
        int n = 100;
        BoltzmannSelection b = new BoltzmannSelection(1.0, nu);
        long replaced = 0;
        int generations = 100;
        for (long g = 1; g <= generations; g++) {
            for (int d : run(b, population(5, g, n, 0))) {
                if (d >= 0) {
                    replaced++;
                }
            }
        }
        double draws = (double) n * generations;
        double se = Math.sqrt(nu * (1 - nu) / draws);
        assertThat(replaced / draws).isCloseTo(nu, within(4 * se));
    }

    @Test
    void zeroAlphaIsUniformWithFullEffectiveSampleSize() {
        SelectionInput in = population(6, 1, 50, 0);
        assertThat(new BoltzmannSelection(0.0, 1.0).select(in, new int[50])).isEqualTo(1.0);
    }

    /** Two agents with weights 1 and e^{−1}: ESS/N = (1 + e⁻¹)²/(2(1 + e⁻²)). */
    @Test
    void effectiveSampleSizeFractionOfTwoWeights() {
        double[] fitness = {1.0, 0.0};
        double ess = new BoltzmannSelection(1.0, 1.0).select(new SelectionInput(1, 1, 2, fitness, new boolean[2],
                new double[0], new int[2], 0), new int[2]);
        double w = Math.exp(-1);
        assertThat(ess).isCloseTo((1 + w) * (1 + w) / (2 * (1 + w * w)), within(1e-14));
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new BoltzmannSelection(-1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoltzmannSelection(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoltzmannSelection(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
