package dev.popdyn.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TruncationSelectionTest extends SelectionContract {
    @Override
    protected Selection selection() {
        return new TruncationSelection(0.25);
    }

    /** ⌈(a/b)·n⌉ in exact integer arithmetic. */
    private static long ceilFraction(long a, long b, long n) {
        return (a * n + b - 1) / b;
    }

    @Test
    void topCountIsTheExactCeiling() {
        assertThat(new TruncationSelection(0.2).topCount(500)).isEqualTo(100);
        long[][] fractions = {{1, 5}, {1, 4}, {3, 10}, {1, 2}, {1, 10}, {7, 20}};
        for (long[] f : fractions) {
            TruncationSelection t = new TruncationSelection((double) f[0] / f[1]);
            for (long n = 1; n <= 2000; n++) {
                assertThat(t.topCount(n)).as("⌈%d/%d · %d⌉", f[0], f[1], n).isEqualTo(ceilFraction(f[0], f[1], n));
            }
        }
    }

    @Test
    void rejectsFractionsOutsideTheRange() {
        assertThatThrownBy(() -> new TruncationSelection(0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TruncationSelection(0.51)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Equal fitness: rank by id, so ids n−k..n−1 are replaced by donors among ids 0..k−1. */
    @Test
    void tiesAreBrokenByAgentId() {
        int n = 20;
        double[] fitness = new double[n];
        int[] donors = run(selection(), new SelectionInput(1, 1, n, fitness, new boolean[n], new double[0],
                new int[n], 0));
        for (int i = 0; i < n; i++) {
            if (i < 15) {
                assertThat(donors[i]).as("agent %d", i).isEqualTo(-1);
            } else {
                assertThat(donors[i]).as("agent %d", i).isBetween(0, 4);
            }
        }
    }

    @Test
    void bottomKAreReplacedByDonorsFromTheTopK() {
        int n = 40;
        for (long g = 1; g <= 30; g++) {
            SelectionInput in = population(21, g, n, 0);
            int[] donors = run(selection(), in);
            double[] f = in.fitness();
            Set<Integer> recipients = new HashSet<>();
            for (int i = 0; i < n; i++) {
                int better = 0;
                for (int j = 0; j < n; j++) {
                    if (f[j] > f[i] || (f[j] == f[i] && j < i)) {
                        better++;
                    }
                }
                if (better >= n - 10) {
                    recipients.add(i);
                    assertThat(donors[i]).as("recipient %d", i).isNotNegative();
                    int d = donors[i];
                    int betterThanDonor = 0;
                    for (int j = 0; j < n; j++) {
                        if (f[j] > f[d] || (f[j] == f[d] && j < d)) {
                            betterThanDonor++;
                        }
                    }
                    assertThat(betterThanDonor).as("rank of donor %d", d).isLessThan(10);
                } else {
                    assertThat(donors[i]).as("kept %d", i).isEqualTo(-1);
                }
            }
            assertThat(recipients).hasSize(10);
        }
    }

    /** With more diverged agents than n − k, every diverged agent is replaced, and only by healthy donors. */
    @Test
    void manyDivergedAgentsAreAllReplacedByHealthyDonors() {
        TruncationSelection t = new TruncationSelection(0.5);
        int n = 10;
        for (long g = 1; g <= 40; g++) {
            SelectionInput in = population(22, g, n, 7);
            int[] donors = run(t, in);
            for (int i = 0; i < n; i++) {
                if (in.diverged()[i]) {
                    assertThat(donors[i]).isNotNegative();
                    assertThat(in.diverged()[donors[i]]).as("donor of %d in generation %d", i, g).isFalse();
                } else {
                    assertThat(donors[i]).isEqualTo(-1);
                }
            }
        }
    }
}
