package dev.popdyn.core.select;

import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import dev.popdyn.core.stats.Ranking;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code tournament(s)}: each agent draws s opponents uniformly (with replacement) from the other N − 1 agents and
 * copies the best of them (ties by id) if it is strictly fitter; a diverged agent copies the best opponent unless
 * that one is diverged too. s = 1 is PBT's binary tournament (Jaderberg et al. 2017). Immutable and thread-safe.
 */
public final class TournamentSelection implements Selection {
    /** {@code selection.size}: s. */
    public static final Key.Int SIZE = new Key.Int("selection.size", "s: opponents per agent (tournament)", 1, 1,
            1_000);
    /** The registry entry {@code tournament}. */
    public static final OperatorFactory<Selection> FACTORY = OperatorFactory.of("tournament", "tournament(s)",
            List.of(SIZE), c -> new TournamentSelection(c.resolve(SIZE).intValue()));

    private final int size;

    public TournamentSelection(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        this.size = size;
    }

    @Override
    public String name() {
        return "tournament";
    }

    public int size() {
        return size;
    }

    /** The opponents of {@code agentId} among ids 0..n−1 (never itself; empty when n = 1). */
    public long[] opponents(long seed, long generation, long agentId, long n) {
        if (n < 2) {
            return new long[0];
        }
        SplittableRandom rng = Streams.of(seed, generation, agentId, Purpose.SELECT);
        long[] o = new long[size];
        for (int k = 0; k < size; k++) {
            long j = rng.nextLong(n - 1);
            o[k] = j >= agentId ? j + 1 : j;
        }
        return o;
    }

    /** Whether (fa, ida) beats (fb, idb): higher fitness, ties by smaller id. */
    public static boolean beats(double fa, long ida, double fb, long idb) {
        return Ranking.better(fa, fb) || (!Ranking.better(fb, fa) && ida < idb);
    }

    @Override
    public double select(SelectionInput in, int[] donors) {
        int n = in.n();
        double[] f = in.fitness();
        for (int i = 0; i < n; i++) {
            long[] opp = opponents(in.seed(), in.generation(), i, n);
            int best = -1;
            for (long o : opp) {
                int j = (int) o;
                if (best < 0 || beats(f[j], j, f[best], best)) {
                    best = j;
                }
            }
            boolean copy = best >= 0 && !in.diverged()[best]
                    && (in.diverged()[i] || Ranking.better(f[best], f[i]));
            donors[i] = copy ? best : -1;
        }
        return Double.NaN;
    }
}
