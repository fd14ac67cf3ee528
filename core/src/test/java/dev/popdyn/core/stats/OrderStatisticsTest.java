package dev.popdyn.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Histogram refinement finds exactly the order statistics that sorting finds, for awkward data too. */
class OrderStatisticsTest {
    /** Runs the search the way an engine would, one pass over {@code data} per round; returns (rounds, values). */
    static double[] search(double[] data, long[] ranks, int[] rounds) {
        double min = Arrays.stream(data).min().orElseThrow();
        double max = Arrays.stream(data).max().orElseThrow();
        List<OrderStatistics.Query> qs = List.of(OrderStatistics.start(0, min, max, data.length, ranks));
        Map<Long, Double> resolved = new HashMap<>();
        while (!qs.isEmpty()) {
            rounds[0]++;
            List<OrderStatistics.Pass> passes = new ArrayList<>();
            for (OrderStatistics.Query q : qs) {
                OrderStatistics.Pass a = new OrderStatistics.Pass(q);
                OrderStatistics.Pass b = new OrderStatistics.Pass(q);
                for (int i = 0; i < data.length; i++) {
                    if (q.contains(data[i])) {
                        (i % 2 == 0 ? a : b).add(q, data[i]);
                    }
                }
                passes.add(a.merge(b));
            }
            qs = OrderStatistics.refine(qs, passes, resolved);
        }
        double[] out = new double[ranks.length];
        for (int k = 0; k < ranks.length; k++) {
            out[k] = resolved.get(OrderStatistics.key(0, ranks[k]));
        }
        return out;
    }

    static void check(double[] data) {
        double[] sorted = data.clone();
        Arrays.sort(sorted);
        long n = data.length;
        long[] ranks = {0, 1, n / 20, n / 4, n / 2, n / 2 + 1, 3 * n / 4, n - 2, n - 1};
        int[] rounds = {0};
        double[] got = search(data, ranks, rounds);
        for (int k = 0; k < ranks.length; k++) {
            assertThat(got[k]).as("rank " + ranks[k]).isEqualTo(sorted[(int) ranks[k]]);
        }
        assertThat(rounds[0]).isLessThanOrEqualTo(4);
    }

    @Test
    @Timeout(60)
    void boundsNearPlusMinusMaxDoubleDoNotOverflow() {
        SplittableRandom r = new SplittableRandom(11);
        double[] data = r.doubles(5000).map(u -> 1.7e308 * (2 * u - 1)).toArray();
        data[0] = -1.7e308;
        data[1] = 1.7e308;
        data[2] = -Double.MAX_VALUE;
        data[3] = Double.MAX_VALUE;
        check(data);
    }

    @Test
    void gaussianData() {
        SplittableRandom r = new SplittableRandom(1);
        check(r.doubles(200_000).map(x -> Math.sqrt(-2 * Math.log(x + 1e-300))).toArray());
    }

    @Test
    void heavyTiesAndOutliers() {
        SplittableRandom r = new SplittableRandom(2);
        double[] d = new double[100_000];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(3) * 32.0;
        }
        d[5] = -1e12;
        d[7] = 1e12;
        d[9] = 64.0 + 1e-9;
        check(d);
    }

    @Test
    void denseClusterWithAFarOutlierNeedsRefinement() {
        SplittableRandom r = new SplittableRandom(3);
        double[] d = r.doubles(50_000).map(x -> 1.0 + 1e-9 * x).toArray();
        d[0] = 1e6;
        check(d);
    }

    @Test
    void smallColumnsAreCollectedDirectly() {
        int[] rounds = {0};
        double[] got = search(new double[]{3, 1, 2}, new long[]{0, 1, 2}, rounds);
        assertThat(got).containsExactly(1, 2, 3);
        assertThat(rounds[0]).isEqualTo(1);
    }
}
