package dev.popdyn.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Quantiles} against hand-computed Hyndman–Fan type 7 values (NumPy's default). */
class QuantilesTest {
    /**
     * Sorted: 1 1 2 3 3 4 5 5 6 9, h = 9p: q05 → h = 0.45 → 1; q10 → 0.9 → 1; q25 → 2.25 → 2 + 0.25 = 2.25;
     * q50 → 4.5 → 3.5; q75 → 6.75 → 5; q90 → 8.1 → 6 + 0.1·3 = 6.3; q95 → 8.55 → 6 + 0.55·3 = 7.65.
     */
    @Test
    void typeSevenOnTenValues() {
        double[] x = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
        double[] before = x.clone();
        assertThat(Quantiles.of(x, 10)).containsExactly(new double[]{1, 1, 2.25, 3.5, 5, 6.3, 7.65}, within(1e-12));
        assertThat(x).as("input untouched").containsExactly(before);
    }

    @Test
    void onlyTheFirstNValuesCount() {
        double[] x = {10, 0, 100, -100};
        assertThat(Quantiles.of(x, 2)).containsExactly(new double[]{0.5, 1, 2.5, 5, 7.5, 9, 9.5}, within(1e-12));
    }

    @Test
    void singleValueAndEmpty() {
        assertThat(Quantiles.of(new double[]{4.25}, 1)).containsOnly(4.25);
        assertThat(Arrays.stream(Quantiles.of(new double[0], 0)).allMatch(Double::isNaN)).isTrue();
    }

    @Test
    void ranksAndInterpolation() {
        assertThat(Quantiles.lowerRank(0.25, 10)).isEqualTo(2);
        assertThat(Quantiles.upperRank(0.25, 10)).isEqualTo(3);
        assertThat(Quantiles.lowerRank(0.5, 11)).isEqualTo(5);
        assertThat(Quantiles.upperRank(0.5, 11)).isEqualTo(5);
        assertThat(Quantiles.interpolate(0.25, 10, 2, 3)).isCloseTo(2.25, within(1e-15));
        assertThat(Quantiles.interpolate(0.5, 11, 7, 7)).isEqualTo(7);
    }
}
