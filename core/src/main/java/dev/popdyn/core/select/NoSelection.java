package dev.popdyn.core.select;

import dev.popdyn.core.params.OperatorFactory;
import java.util.Arrays;
import java.util.List;

/**
 * {@code none}: nobody is replaced (independent agents, e.g. for time-scale studies). Diverged agents stay diverged.
 * Immutable and thread-safe.
 */
public final class NoSelection implements Selection {
    /** The registry entry {@code none}. */
    public static final OperatorFactory<Selection> FACTORY = OperatorFactory.of("none", "none", List.of(),
            c -> new NoSelection());

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
