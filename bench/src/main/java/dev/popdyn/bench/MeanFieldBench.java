package dev.popdyn.bench;

import dev.popdyn.core.meanfield.MeanFieldGrid1D;
import dev.popdyn.core.meanfield.MeanFieldGrid2D;
import dev.popdyn.core.meanfield.ReplicatorMutator1D;
import dev.popdyn.core.meanfield.ReplicatorMutator2D;
import dev.popdyn.core.meanfield.Wasserstein;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Wall-clock cost of one mean-field step: 200 cells (1-D) and 200 × 200 cells (2-D), continuous (Strang splitting,
 * D = 0.01, κ = 1, dt = 0.01) and discrete (α = 2, s = 0.1) forms, plus the W1 distances for 10⁵ particles. Each
 * line gives the first call (which builds and caches the kernel) and the median over 7 batches of the steady
 * per-call time after warm-up. Plain {@code main}, single thread; run from the repository root after
 * {@code mvn -B -Pbench -pl bench -am package -DskipTests}: {@code java -cp bench/target/popdyn-bench.jar
 * dev.popdyn.bench.MeanFieldBench}. Not thread-safe (a program, not a library type).
 */
public final class MeanFieldBench {
    private MeanFieldBench() {
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "java %s, %s %s, %d cpus%n", System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors());
        MeanFieldGrid1D g1 = new MeanFieldGrid1D(0, 1, 200);
        ReplicatorMutator1D s1 = new ReplicatorMutator1D(g1, x -> -(x - 0.7) * (x - 0.7));
        MeanFieldGrid2D g2 = new MeanFieldGrid2D(new MeanFieldGrid1D(0, 1, 200), new MeanFieldGrid1D(0, 1, 200));
        ReplicatorMutator2D s2 = new ReplicatorMutator2D(g2, (x, y) -> -(x - 0.7) * (x - 0.7) - (y - 0.3) * (y - 0.3));
        report("1-D 200 cells, stepContinuous", 2000, () -> s1.stepContinuous(0.01, 1.0, 0.01));
        report("1-D 200 cells, stepDiscrete", 2000, () -> s1.stepDiscrete(2.0, 0.1));
        report("2-D 200x200 cells, stepContinuous", 20, () -> s2.stepContinuous(0.01, 1.0, 0.01));
        report("2-D 200x200 cells, stepDiscrete", 20, () -> s2.stepDiscrete(2.0, 0.1));
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = sample(s1, 100_000, rng);
        double[][] xy = sample(s2, 100_000, rng);
        report("1-D W1, 1e5 particles vs 200 cells", 20, () -> Wasserstein.w1(x, s1));
        report("2-D sliced W1 (16 dirs), 1e5 particles vs 200x200", 3,
                () -> Wasserstein.slicedW1(xy[0], xy[1], s2));
    }

    private static void report(String what, int batch, Runnable step) {
        long t0 = System.nanoTime();
        step.run();
        double first = (System.nanoTime() - t0) / 1e6;
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            step.run();
        }
        double[] perCall = new double[7];
        for (int b = 0; b < perCall.length; b++) {
            long s = System.nanoTime();
            for (int k = 0; k < batch; k++) {
                step.run();
            }
            perCall[b] = (System.nanoTime() - s) / 1e6 / batch;
        }
        Arrays.sort(perCall);
        System.out.printf(Locale.ROOT, "%-52s first %9.3f ms   steady %9.4f ms/call (min %.4f, max %.4f)%n", what,
                first, perCall[3], perCall[0], perCall[6]);
    }

    /** N draws from the piecewise-constant law of {@code ref} (inverse CDF), in axis coordinates. */
    private static double[] sample(ReplicatorMutator1D ref, int n, RandomGenerator rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = ref.quantile(rng.nextDouble());
        }
        return x;
    }

    /** N draws (x, y) from the piecewise-constant law of {@code ref}: a cell by its mass, then uniform in it. */
    private static double[][] sample(ReplicatorMutator2D ref, int n, RandomGenerator rng) {
        MeanFieldGrid2D g = ref.grid();
        int ny = g.y().cells();
        double[] m = ref.masses();
        double[] cum = new double[m.length];
        double total = 0;
        for (int i = 0; i < m.length; i++) {
            total += m[i];
            cum[i] = total;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            int c = Arrays.binarySearch(cum, rng.nextDouble() * total);
            c = Math.min(m.length - 1, c < 0 ? -c - 1 : c);
            x[k] = g.x().edge(c / ny) + rng.nextDouble() * g.x().width();
            y[k] = g.y().edge(c % ny) + rng.nextDouble() * g.y().width();
        }
        return new double[][] {x, y};
    }
}
