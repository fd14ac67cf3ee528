package dev.popdyn.core.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link Streams}: a stream is a pure function of (seed, generation, agentId, purpose), and streams of tuples that
 * differ in any single component are uncorrelated — the sample correlation of n = 10⁵ paired uniforms must stay
 * below 4/√n (4 standard errors of a correlation under independence), both along two streams and across the first
 * draws of 10⁵ neighbouring tuples.
 */
class StreamsTest {
    private static final int N = 100_000;
    private static final double BOUND = 4.0 / Math.sqrt(N);

    private static final long SEED = 42;
    private static final long GEN = 7;
    private static final long ID = 1234;
    private static final Purpose PURPOSE = Purpose.FAST;

    private static double correlation(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] uniforms(SplittableRandom r) {
        double[] u = new double[N];
        for (int i = 0; i < N; i++) {
            u[i] = r.nextDouble();
        }
        return u;
    }

    @Test
    void sameTupleReproducesExactly() {
        SplittableRandom a = Streams.of(SEED, GEN, ID, PURPOSE);
        SplittableRandom b = Streams.of(SEED, GEN, ID, PURPOSE);
        for (int i = 0; i < 1000; i++) {
            assertThat(b.nextLong()).isEqualTo(a.nextLong());
        }
        assertThat(Streams.key(SEED, GEN, ID, PURPOSE.code())).isEqualTo(Streams.key(SEED, GEN, ID, PURPOSE.code()));
        assertThat(Streams.of(SEED, GEN, ID, PURPOSE).nextGaussian())
                .isEqualTo(Streams.of(SEED, GEN, ID, PURPOSE).nextGaussian());
    }

    @Test
    void purposeCodesAreDistinct() {
        Set<Long> codes = new HashSet<>();
        for (Purpose p : Purpose.values()) {
            codes.add(p.code());
        }
        assertThat(codes).hasSize(Purpose.values().length);
    }

    @Test
    void streamsDifferingInOneComponentAreUncorrelated() {
        double[] base = uniforms(Streams.of(SEED, GEN, ID, PURPOSE));
        SplittableRandom[] others = {Streams.of(SEED + 1, GEN, ID, PURPOSE), Streams.of(SEED, GEN + 1, ID, PURPOSE),
            Streams.of(SEED, GEN, ID + 1, PURPOSE), Streams.of(SEED, GEN, ID, Purpose.SELECT)};
        String[] names = {"seed", "generation", "agentId", "purpose"};
        for (int k = 0; k < others.length; k++) {
            assertThat(Math.abs(correlation(base, uniforms(others[k])))).as("streams differing in %s", names[k])
                    .isLessThan(BOUND);
        }
    }

    /** First draws of tuples t(i) and of t(i) with one component changed, over 10⁵ neighbouring tuples i. */
    @Test
    void firstDrawsOfNeighbouringTuplesAreUncorrelated() {
        assertFirstDrawsUncorrelated("seed", i -> Streams.key(i, GEN, ID, 3), i -> Streams.key(i + 1, GEN, ID, 3));
        assertFirstDrawsUncorrelated("generation", i -> Streams.key(SEED, i, ID, 3),
                i -> Streams.key(SEED, i + 1, ID, 3));
        assertFirstDrawsUncorrelated("agentId", i -> Streams.key(SEED, GEN, i, 3),
                i -> Streams.key(SEED, GEN, i + 1, 3));
        assertFirstDrawsUncorrelated("purpose", i -> Streams.key(SEED, GEN, i, 3),
                i -> Streams.key(SEED, GEN, i, 4));
        assertFirstDrawsUncorrelated("generation ↔ agentId", i -> Streams.key(SEED, i, i + 1, 3),
                i -> Streams.key(SEED, i + 1, i, 3));
    }

    private static void assertFirstDrawsUncorrelated(String what, LongFunction<Long> a, LongFunction<Long> b) {
        double[] x = new double[N];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = new SplittableRandom(a.apply(i)).nextDouble();
            y[i] = new SplittableRandom(b.apply(i)).nextDouble();
        }
        assertThat(Math.abs(correlation(x, y))).as("first draws, tuples differing in %s", what).isLessThan(BOUND);
    }

    @Test
    void neighbouringTuplesHaveDistinctKeys() {
        Set<Long> keys = new HashSet<>();
        for (long g = 0; g < 10; g++) {
            for (long id = 0; id < 10; id++) {
                for (Purpose p : Purpose.values()) {
                    for (long seed = 0; seed < 10; seed++) {
                        keys.add(Streams.key(seed, g, id, p.code()));
                    }
                }
            }
        }
        assertThat(keys).hasSize(10 * 10 * 10 * Purpose.values().length);
    }

    @Test
    void mixIsABijectionOnSmallInputs() {
        Set<Long> out = new HashSet<>();
        for (long z = -5000; z < 5000; z++) {
            out.add(Streams.mix(z));
        }
        assertThat(out).hasSize(10_000);
    }
}
