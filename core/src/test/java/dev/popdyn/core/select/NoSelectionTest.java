package dev.popdyn.core.select;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoSelectionTest extends SelectionContract {
    @Override
    protected Selection selection() {
        return new NoSelection();
    }

    @Override
    protected boolean mustReplaceDiverged(Selection rule, SelectionInput in, int i) {
        return false;
    }

    @Test
    void keepsEveryAgentAndHasNoWeights() {
        SelectionInput in = population(1, 1, 30, 5);
        int[] donors = new int[30];
        assertThat(selection().select(in, donors)).isNaN();
        assertThat(donors).containsOnly(-1);
    }
}
