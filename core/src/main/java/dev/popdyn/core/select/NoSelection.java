package dev.popdyn.core.select;

import java.util.Arrays;

/**
 * {@code none}: nobody is replaced (independent agents, e.g. for time-scale studies). Diverged agents stay diverged.
 * Immutable and thread-safe.
 */
public final class NoSelection implements Selection {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public double select(SelectionInput in, int[] donors) {
        Arrays.fill(donors, 0, in.n(), -1);
        return Double.NaN;
    }
}
