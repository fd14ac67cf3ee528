package dev.popdyn.core.select;

import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import dev.popdyn.core.stats.Ranking;
import java.util.List;

/**
 * {@code truncation(q)} (Jaderberg et al. 2017, PBT "exploit" by truncation): rank agents by fitness (best first,
 * ties by id); the bottom k = ⌈qN⌉ agents — or all diverged agents, if more — are replaced, each by a donor drawn
 * uniformly from the top min(k, N − D) ranks, D diverged agents (so a donor is never diverged). The donor rank of
 * recipient i is {@code Streams.of(seed, g, i, SELECT).nextLong(min(k, N − D))}.
 * q ∈ (0, 0.5]; q = 0.2 in the seed's code, 0.25 in Ray Tune. Immutable and thread-safe.
 */
public final class TruncationSelection implements Selection {
    /** {@code selection.fraction}: q. */
    public static final Key.Real FRACTION = new Key.Real("selection.fraction", "q: bottom ⌈qN⌉ copy a donor from "
            + "the top ⌈qN⌉ (truncation)", 0.2, 0.0, true, 0.5, false);
    /** The registry entry {@code truncation}. */
    public static final OperatorFactory<Selection> FACTORY = OperatorFactory.of("truncation", "truncation(q)",
            List.of(FRACTION), c -> new TruncationSelection(c.resolve(FRACTION)));

    private final double q;

    public TruncationSelection(double q) {
        if (!(q > 0 && q <= 0.5)) {
            throw new IllegalArgumentException("fraction must be in (0, 0.5]: " + q);
        }
        this.q = q;
    }

    @Override
    public String name() {
        return "truncation";
    }

    public double fraction() {
        return q;
    }

    /** k = ⌈qN⌉, robust to the rounding of q·N (0.2·500 is 100, not 101). */
    public long topCount(long n) {
        double x = q * n;
        long r = Math.round(x);
        long k = Math.abs(x - r) <= 1e-9 * Math.max(1.0, x) ? r : (long) Math.ceil(x);
        return Math.max(1, Math.min(n, k));
    }

    /** Number of replaced agents (the bottom ones by rank) given D diverged agents: max(k, D), 0 if no donor. */
    public long recipientCount(long n, long diverged) {
        if (diverged >= n) {
            return 0;
        }
        return Math.max(topCount(n), diverged);
    }

    /** Number of ranks donors are drawn from: the top k, but never a diverged one, min(k, N − D). */
    public long donorCount(long n, long diverged) {
        return Math.min(topCount(n), n - diverged);
    }

    /** The donor's rank (0 = best) for recipient {@code agentId} when no agent is diverged. */
    public long donorRank(long seed, long generation, long agentId, long n) {
        return donorRank(seed, generation, agentId, n, 0);
    }

    /** The donor's rank (0 = best) for recipient {@code agentId} given D diverged agents (needs D < N). */
    public long donorRank(long seed, long generation, long agentId, long n, long diverged) {
        return Streams.of(seed, generation, agentId, Purpose.SELECT).nextLong(donorCount(n, diverged));
    }

    @Override
    public double select(SelectionInput in, int[] donors) {
        int n = in.n();
        int[] order = Ranking.byFitnessDescending(in.fitness(), n);
        int diverged = in.divergedCount();
        long r = recipientCount(n, diverged);
        for (int rank = 0; rank < n; rank++) {
            int i = order[rank];
            if (rank >= n - r) {
                donors[i] = order[(int) donorRank(in.seed(), in.generation(), i, n, diverged)];
            } else {
                donors[i] = -1;
            }
        }
        return Double.NaN;
    }
}
