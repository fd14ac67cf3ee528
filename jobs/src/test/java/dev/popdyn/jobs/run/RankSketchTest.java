package dev.popdyn.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.stats.Ranking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RankSketch} without Spark: a population cut into P id ranges, sketched per range, bracketed on the
 * "driver", gathered per range and resolved gives, for every rank, exactly the key that sorting the whole column
 * gives ({@link Arrays#sort} for value columns, {@link Ranking#byFitnessDescending} for the truncation ranking),
 * with many ties, ±0, −∞ and NaN fitness, empty ranges and ranges smaller and larger than {@value RankSketch#SAMPLE}.
 */
class RankSketchTest {
    /** Rows of ids [0, n) with fitness and one λ drawn from few distinct values (ties), some diverged. */
    static List<AgentRow> rows(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] special = {0.0, -0.0, Double.NEGATIVE_INFINITY, Double.NaN};
        List<AgentRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AgentRow r = new AgentRow();
            r.setAgentId(i);
            double f = rnd.nextInt(10) == 0 ? special[rnd.nextInt(4)] : rnd.nextInt(50) / 7.0 - 3;
            r.setFitness(f);
            r.setStatus((byte) (Double.isNaN(f) || f == Double.NEGATIVE_INFINITY ? 1 : 0));
            r.setHyper(new double[]{rnd.nextInt(3) == 0 ? rnd.nextInt(5) : rnd.nextGaussian()});
            out.add(r);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "7, 3", "5000, 1", "5000, 4", "9000, 7", "20000, 3", "3000, 16"})
    void everyRankResolvesToTheKeyOfASort(int n, int parts) {
        List<AgentRow> all = rows(n, 11L * n + parts);
        IdRanges ids = new IdRanges(n, parts);
        List<RankSketch.Layout> layouts = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            layouts.add(RankSketch.Layout.of(all.subList((int) ids.lo(p), (int) ids.lo(p + 1)).iterator(),
                    ids.lo(p), ids.lo(p + 1), 1));
        }
        for (int column = 0; column < 3; column++) {
            long[][] expected = sortedKeys(all, column);
            List<RankSketch.Sketch> sketches = new ArrayList<>();
            List<int[]> orders = new ArrayList<>();
            for (RankSketch.Layout l : layouts) {
                int[] order = l.sorted(column);
                orders.add(order);
                sketches.add(l.sketch(column, order));
            }
            int m = expected.length;
            long[] ranks = new long[m];
            for (int r = 0; r < m; r++) {
                ranks[r] = r;
            }
            RankSketch.Merged merged = RankSketch.Merged.of(sketches);
            for (RankSketch.Query q : RankSketch.queries(column, merged, ranks)) {
                List<RankSketch.Chunk> chunks = new ArrayList<>();
                for (int p = 0; p < parts; p++) {
                    chunks.add(RankSketch.gather(layouts.get(p), orders.get(p), q));
                }
                RankSketch.Key[] keys = RankSketch.resolve(q, chunks);
                for (int j = 0; j < keys.length; j++) {
                    int r = (int) q.ranks()[j];
                    assertThat(keys[j].id()).as("column %d rank %d", column, r).isEqualTo(expected[r][1]);
                    assertThat(Double.doubleToRawLongBits(keys[j].v())).as("column %d rank %d", column, r)
                            .isEqualTo(expected[r][0]);
                }
            }
        }
    }

    /**
     * Brackets hold few keys: with P ranges, the keys gathered for one rank are at most 2·P·SAMPLE (the sketch's
     * resolution), far fewer than N for large N.
     */
    @ParameterizedTest
    @CsvSource({"200000, 4"})
    void bracketsAreNarrow(int n, int parts) {
        List<AgentRow> all = rows(n, 3);
        IdRanges ids = new IdRanges(n, parts);
        List<RankSketch.Sketch> sketches = new ArrayList<>();
        List<RankSketch.Layout> layouts = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            RankSketch.Layout l = RankSketch.Layout.of(all.subList((int) ids.lo(p), (int) ids.lo(p + 1)).iterator(),
                    ids.lo(p), ids.lo(p + 1), 1);
            layouts.add(l);
            sketches.add(l.sketch(1, l.sorted(1)));
        }
        List<RankSketch.Query> qs = RankSketch.queries(1, RankSketch.Merged.of(sketches), new long[]{n / 2});
        assertThat(qs).hasSize(1);
        long gathered = 0;
        for (RankSketch.Layout l : layouts) {
            gathered += RankSketch.gather(l, l.sorted(1), qs.get(0)).v().length;
        }
        assertThat(gathered).isBetween(1L, 2L * parts * RankSketch.SAMPLE);
    }

    /**
     * The keys of a column in order, each as {raw bits of v, id}: column 0 fitness of non-diverged rows by
     * Arrays.sort, 1 λ by Arrays.sort (ties in id order), 2 the truncation ranking by core's Ranking.
     */
    static long[][] sortedKeys(List<AgentRow> all, int column) {
        int n = all.size();
        if (column == 2) {
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = all.get(i).getFitness();
            }
            int[] order = Ranking.byFitnessDescending(f, n);
            long[][] out = new long[n][];
            for (int r = 0; r < n; r++) {
                out[r] = new long[]{Double.doubleToRawLongBits(RankSketch.truncationKey(f[order[r]])), order[r]};
            }
            return out;
        }
        List<double[]> vs = new ArrayList<>();
        for (AgentRow a : all) {
            if (column == 1 || a.getStatus() == 0) {
                vs.add(new double[]{column == 0 ? a.getFitness() : a.getHyper()[0], a.getAgentId()});
            }
        }
        double[] sorted = vs.stream().mapToDouble(x -> x[0]).toArray();
        Arrays.sort(sorted);
        vs.sort((x, y) -> Double.compare(x[0], y[0]));
        long[][] out = new long[vs.size()][];
        for (int r = 0; r < out.length; r++) {
            assertThat(Double.doubleToRawLongBits(vs.get(r)[0])).isEqualTo(Double.doubleToRawLongBits(sorted[r]));
            out[r] = new long[]{Double.doubleToRawLongBits(sorted[r]), (long) vs.get(r)[1]};
        }
        return out;
    }
}
