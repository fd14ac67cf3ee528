package dev.popdyn.core.select;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TTestSelectionTest extends SelectionContract {
    @Override
    protected Selection selection() {
        return new TTestSelection(HISTORY, 0.05);
    }

    @Override
    protected boolean mustReplaceDiverged(Selection rule, SelectionInput in, int i) {
        long o = ((TTestSelection) rule).opponent(in.seed(), in.generation(), i, in.n());
        return o >= 0 && !in.diverged()[(int) o];
    }

    @Test
    void opponentIsAnotherAgent() {
        TTestSelection t = (TTestSelection) selection();
        for (long g = 1; g <= 500; g++) {
            assertThat(t.opponent(5, g, 3, 7)).isBetween(0L, 6L).isNotEqualTo(3L);
        }
        assertThat(t.opponent(5, 1, 0, 1)).isEqualTo(-1L);
    }

    /**
     * Windows a = {0, 1, 2, 3} and b = a + 3: Welch's t = −3/sqrt(2·(5/3)/4) = −3.286 with df = 6, two-sided
     * p = 0.0167 (scipy.stats.ttest_ind, equal_var=False). Accepted at level 0.05, rejected at 0.01, and never
     * when the opponent is the worse one.
     */
    @Test
    void acceptsExactlyWhenTheOpponentIsFitterAndSignificant() {
        double[] a = {0, 1, 2, 3};
        double[] b = {3, 4, 5, 6};
        assertThat(new TTestSelection(4, 0.05).accept(a, 0, 4, b, 0, 4)).isTrue();
        assertThat(new TTestSelection(4, 0.01).accept(a, 0, 4, b, 0, 4)).isFalse();
        assertThat(new TTestSelection(4, 0.05).accept(b, 0, 4, a, 0, 4)).isFalse();
        assertThat(new TTestSelection(4, 0.5).accept(a, 0, 1, b, 0, 4)).as("one value is too few").isFalse();
    }

    @Test
    void onlyTheLastWindowValuesCount() {
        double[] a = {100, 100, 0, 1, 2, 3};
        double[] b = {3, 4, 5, 6};
        assertThat(new TTestSelection(4, 0.05).accept(a, 0, 6, b, 0, 4)).isTrue();
    }
}
