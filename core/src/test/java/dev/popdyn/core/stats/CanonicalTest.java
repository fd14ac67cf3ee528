package dev.popdyn.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Canonical}: block layout and the inverse CDF over block prefix sums. */
class CanonicalTest {
    @Test
    void blocks() {
        assertThat(Canonical.blocks(0)).isZero();
        assertThat(Canonical.blocks(1)).isEqualTo(1);
        assertThat(Canonical.blocks(4096)).isEqualTo(1);
        assertThat(Canonical.blocks(4097)).isEqualTo(2);
        assertThat(Canonical.block(4095)).isZero();
        assertThat(Canonical.block(4096)).isEqualTo(1);
    }

    @Test
    void inverseCdfFindsEveryAgentWithPositiveWeightAcrossBlocks() {
        int n = 3 * Canonical.BLOCK + 10;
        double[] w = new double[n];
        w[5] = 1;
        w[Canonical.BLOCK + 7] = 2;
        w[3 * Canonical.BLOCK + 9] = 1;
        double[] prefix = Canonical.prefix(Canonical.blockSums(w, n));
        assertThat(prefix).containsExactly(0, 1, 3, 3, 4);
        int[][] expected = {{0, 5}, {1, Canonical.BLOCK + 7}, {3, 3 * Canonical.BLOCK + 9}};
        double[] targets = {0.5, 2.9, 3.5};
        for (int k = 0; k < targets.length; k++) {
            int b = Canonical.findBlock(prefix, targets[k]);
            assertThat(b).isEqualTo(expected[k][0]);
            int agent = Canonical.resolveInBlock(prefix[b], w, b * Canonical.BLOCK,
                    Math.min(n, (b + 1) * Canonical.BLOCK), targets[k]);
            assertThat(agent).isEqualTo(expected[k][1]);
        }
    }

    @Test
    void emptyBlockHasNoAgent() {
        double[] w = new double[10];
        assertThat(Canonical.resolveInBlock(0, w, 0, 10, 0.0)).isEqualTo(-1);
    }
}
