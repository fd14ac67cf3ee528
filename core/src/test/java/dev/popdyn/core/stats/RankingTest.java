package dev.popdyn.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Ranking}: best first, ties by id ascending, NaN as −∞. */
class RankingTest {
    @Test
    void tiesAreBrokenByAgentId() {
        double[] f = {1, 3, 3, 2, 3, 1};
        assertThat(Ranking.byFitnessDescending(f, 6)).containsExactly(1, 2, 4, 3, 0, 5);
    }

    @Test
    void allEqualIsIdOrder() {
        assertThat(Ranking.byFitnessDescending(new double[7], 7)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void nanAndMinusInfinityRankLastByIdAmongThemselves() {
        double[] f = {Double.NaN, -1, Double.NEGATIVE_INFINITY, Double.NaN, 0};
        assertThat(Ranking.byFitnessDescending(f, 5)).containsExactly(4, 1, 0, 2, 3);
    }

    @Test
    void agreesWithAStableSortOnManyTiedValues() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : new int[]{1, 2, 3, 31, 64, 1000, 1025}) {
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rng.nextInt(5);
            }
            Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(expected, Comparator.<Integer>comparingDouble(i -> -f[i]).thenComparingInt(i -> i));
            assertThat(Ranking.byFitnessDescending(f, n)).as("n = %d", n)
                    .containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
        }
    }

    @Test
    void agreesWithAComparatorSortOnArbitraryDoubles() {
        SplittableRandom rng = new SplittableRandom(11);
        double[] specials = {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.0, -0.0,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0};
        int n = 20_000;
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = rng.nextInt(4);
            f[i] = kind == 0 ? specials[rng.nextInt(specials.length)]
                    : kind == 1 ? rng.nextGaussian() * Math.pow(10, rng.nextInt(-300, 300))
                    : kind == 2 ? rng.nextInt(-3, 3) : Double.longBitsToDouble(rng.nextLong());
        }
        Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(expected, (i, j) -> Ranking.better(f[i], f[j]) ? -1 : Ranking.better(f[j], f[i]) ? 1
                : Integer.compare(i, j));
        assertThat(Ranking.byFitnessDescending(f, n))
                .containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
    }

    @Test
    void betterIsStrict() {
        assertThat(Ranking.better(1, 1)).isFalse();
        assertThat(Ranking.better(2, 1)).isTrue();
        assertThat(Ranking.better(Double.NaN, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(Ranking.better(-1e300, Double.NaN)).isTrue();
    }
}
