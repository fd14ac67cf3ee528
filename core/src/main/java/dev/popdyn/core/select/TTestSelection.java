package dev.popdyn.core.select;

import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import dev.popdyn.core.stats.WelchTest;
import java.util.List;

/**
 * {@code ttest(m, p)} (Jaderberg et al. 2017, PBT "exploit" by t-test selection): each agent draws one other agent
 * uniformly and copies it if the other's mean over its last m instant fitness values is higher and Welch's t-test on
 * the two windows rejects equal means at level p (two-sided). Both windows need at least 2 values; a diverged agent
 * copies its opponent unless that one is diverged too. Immutable and thread-safe.
 */
public final class TTestSelection implements Selection {
    /** {@code selection.window}: m. */
    public static final Key.Int WINDOW = new Key.Int("selection.window", "m: instant values compared by "
            + "Welch's t-test (ttest)", 10, 2, 10_000);
    /** {@code selection.pvalue}: p. */
    public static final Key.Real PVALUE = new Key.Real("selection.pvalue", "p: significance level of the t-test "
            + "(ttest)", 0.05, 0.0, true, 1.0, true);
    /** The registry entry {@code ttest}. */
    public static final OperatorFactory<Selection> FACTORY = OperatorFactory.of("ttest", "ttest(m, p)",
            List.of(WINDOW, PVALUE), c -> new TTestSelection(c.resolve(WINDOW).intValue(), c.resolve(PVALUE)));

    private final int window;
    private final double p;

    public TTestSelection(int window, double p) {
        if (window < 2) {
            throw new IllegalArgumentException("window must be >= 2: " + window);
        }
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1): " + p);
        }
        this.window = window;
        this.p = p;
    }

    @Override
    public String name() {
        return "ttest";
    }

    @Override
    public int historyNeeded() {
        return window;
    }

    public int window() {
        return window;
    }

    public double level() {
        return p;
    }

    /** The opponent of {@code agentId} (−1 when n = 1). */
    public long opponent(long seed, long generation, long agentId, long n) {
        if (n < 2) {
            return -1;
        }
        long j = Streams.of(seed, generation, agentId, Purpose.SELECT).nextLong(n - 1);
        return j >= agentId ? j + 1 : j;
    }

    /**
     * Whether an agent with window {@code a} (its last {@code na} values end at {@code ao + na}) should copy one
     * with window {@code b}. Only the last {@link #window()} values of each are used.
     */
    public boolean accept(double[] a, int ao, int na, double[] b, int bo, int nb) {
        int ka = Math.min(na, window);
        int kb = Math.min(nb, window);
        if (ka < 2 || kb < 2) {
            return false;
        }
        int sa = ao + na - ka;
        int sb = bo + nb - kb;
        double ma = 0;
        for (int k = 0; k < ka; k++) {
            ma += a[sa + k];
        }
        double mb = 0;
        for (int k = 0; k < kb; k++) {
            mb += b[sb + k];
        }
        if (!(mb / kb > ma / ka)) {
            return false;
        }
        return WelchTest.pValue(a, sa, ka, b, sb, kb) < p;
    }

    @Override
    public double select(SelectionInput in, int[] donors) {
        int n = in.n();
        int m = in.historyLength();
        for (int i = 0; i < n; i++) {
            long o = opponent(in.seed(), in.generation(), i, n);
            donors[i] = -1;
            if (o < 0) {
                continue;
            }
            int j = (int) o;
            if (in.diverged()[j]) {
                continue;
            }
            if (in.diverged()[i] || accept(in.history(), i * m, in.historyCount()[i], in.history(), j * m,
                    in.historyCount()[j])) {
                donors[i] = j;
            }
        }
        return Double.NaN;
    }
}
