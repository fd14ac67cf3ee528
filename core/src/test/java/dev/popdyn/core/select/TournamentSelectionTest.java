package dev.popdyn.core.select;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TournamentSelectionTest extends SelectionContract {
    @Override
    protected Selection selection() {
        return new TournamentSelection(2);
    }

    @Override
    protected boolean mustReplaceDiverged(Selection rule, SelectionInput in, int i) {
        for (long o : ((TournamentSelection) rule).opponents(in.seed(), in.generation(), i, in.n())) {
            if (!in.diverged()[(int) o]) {
                return true;
            }
        }
        return false;
    }

    @Test
    void opponentsAreOtherAgentsDrawnWithReplacement() {
        TournamentSelection t = new TournamentSelection(3);
        int n = 5;
        long[] hits = new long[n];
        for (long g = 1; g <= 4000; g++) {
            long[] o = t.opponents(1, g, 2, n);
            assertThat(o).hasSize(3).doesNotContain(2L);
            for (long j : o) {
                hits[(int) j]++;
            }
        }
        double expected = 4000 * 3 / 4.0;
        double se = Math.sqrt(4000 * 3 * 0.25 * 0.75);
        for (int j : new int[]{0, 1, 3, 4}) {
            assertThat((double) hits[j]).as("opponent %d", j).isBetween(expected - 4 * se, expected + 4 * se);
        }
        assertThat(t.opponents(1, 1, 0, 1)).isEmpty();
    }

    /** The donor is the best drawn opponent (higher fitness, ties by smaller id), taken only if strictly fitter. */
    @Test
    void copiesTheBestOpponentOnlyIfStrictlyFitterWithTiesByAgentId() {
        TournamentSelection t = new TournamentSelection(3);
        double[] fitness = {1.0, 2.0, 2.0, 0.0, 2.0, 1.0, 0.0, 2.0};
        int n = fitness.length;
        for (long g = 1; g <= 50; g++) {
            SelectionInput in = new SelectionInput(7, g, n, fitness, new boolean[n], new double[0], new int[n], 0);
            int[] donors = run(t, in);
            for (int i = 0; i < n; i++) {
                int best = -1;
                for (long o : t.opponents(7, g, i, n)) {
                    int j = (int) o;
                    if (best < 0 || fitness[j] > fitness[best] || (fitness[j] == fitness[best] && j < best)) {
                        best = j;
                    }
                }
                int expected = fitness[best] > fitness[i] ? best : -1;
                assertThat(donors[i]).as("agent %d in generation %d", i, g).isEqualTo(expected);
            }
        }
    }

    @Test
    void equalFitnessMeansNobodyCopies() {
        int n = 12;
        double[] fitness = new double[n];
        SelectionInput in = new SelectionInput(3, 1, n, fitness, new boolean[n], new double[0], new int[n], 0);
        assertThat(run(selection(), in)).containsOnly(-1);
    }
}
