package dev.popdyn.core.select;

/**
 * What a selection rule sees of the population after fitness estimation: agent i (id i) has fitness
 * {@code fitness[i]}, a diverged flag, and its last {@code historyCount[i]} instant fitness values in
 * {@code history[i·m .. i·m + historyCount[i])}. Arrays are shared, not copied; read-only for rules.
 */
public record SelectionInput(long seed, long generation, int n, double[] fitness, boolean[] diverged,
        double[] history, int[] historyCount, int historyLength) {

    /** Number of diverged agents. */
    public int divergedCount() {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (diverged[i]) {
                c++;
            }
        }
        return c;
    }
}
