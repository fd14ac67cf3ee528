package dev.popdyn.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Moments}: hand-computed values; merged blocks and one pass over all values both agree with the exact
 * (BigDecimal) mean and variance up to floating-point rounding.
 */
class MomentsTest {
    /** 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, std sqrt(32/8) = 2, sample variance 32/7. */
    @Test
    void knownValues() {
        Moments m = new Moments();
        for (double x : new double[]{2, 4, 4, 4, 5, 5, 7, 9}) {
            m.add(x);
        }
        assertThat(m.count()).isEqualTo(8);
        assertThat(m.mean()).isEqualTo(5.0);
        assertThat(m.std()).isCloseTo(2.0, within(1e-15));
        assertThat(m.sampleVariance()).isCloseTo(32.0 / 7, within(1e-14));
        assertThat(m.min()).isEqualTo(2);
        assertThat(m.max()).isEqualTo(9);
    }

    @Test
    void emptyAndSingle() {
        Moments m = new Moments();
        assertThat(m.mean()).isNaN();
        assertThat(m.std()).isNaN();
        assertThat(m.min()).isNaN();
        m.add(3);
        assertThat(m.sampleVariance()).isNaN();
        assertThat(m.std()).isEqualTo(0.0);
    }

    @Test
    void mergeOfBlocksEqualsOnePass() {
        SplittableRandom rng = new SplittableRandom(8);
        double[] x = new double[10_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e6 + rng.nextGaussian() * 3;
        }
        Moments all = new Moments();
        for (double v : x) {
            all.add(v);
        }
        int[] cuts = {0, 1, 17, 4096, 4100, 8192, 10_000};
        Moments merged = new Moments();
        merged.merge(new Moments());
        for (int b = 0; b + 1 < cuts.length; b++) {
            Moments block = new Moments();
            for (int i = cuts[b]; i < cuts[b + 1]; i++) {
                block.add(x[i]);
            }
            merged.merge(block);
        }
        merged.merge(new Moments());
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : x) {
            sum = sum.add(new BigDecimal(v));
        }
        BigDecimal exactMean = sum.divide(BigDecimal.valueOf(x.length), MathContext.DECIMAL128);
        BigDecimal ss = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal dev = new BigDecimal(v).subtract(exactMean);
            ss = ss.add(dev.multiply(dev));
        }
        double mean = exactMean.doubleValue();
        double var = ss.divide(BigDecimal.valueOf(x.length - 1), MathContext.DECIMAL128).doubleValue();
        for (Moments m : new Moments[]{all, merged}) {
            assertThat(m.count()).isEqualTo(x.length);
            assertThat(m.mean()).isCloseTo(mean, within(1e-13 * mean));
            assertThat(m.sampleVariance()).isCloseTo(var, within(1e-9 * var));
        }
        assertThat(merged.min()).isEqualTo(all.min());
        assertThat(merged.max()).isEqualTo(all.max());
        assertThat(merged.sampleVariance()).as("variance near 9 despite the 1e6 offset")
                .isCloseTo(9.0, within(9.0 * 4 * Math.sqrt(2.0 / (x.length - 1))));
    }
}
