package dev.popdyn.bench;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.params.ExperimentParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The machine's limit for the fast phase: a single JVM running exactly the Spark job's Langevin fast phase
 * ({@link AgentOps#fastPhase}: same model, same per-agent streams) over flat {@code double[]} arrays on all cores,
 * with no Spark, no serialisation and no I/O. Prints agent-steps per second; {@code bench/run.sh} reports every Spark
 * figure as a ratio to it, measured in the same run.
 *
 * <p>Usage: {@code java -cp popdyn-bench.jar dev.popdyn.bench.LimitLoop N D K THREADS REPEATS}. Not thread-safe.
 */
public final class LimitLoop {
    private LimitLoop() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int repeats = Integer.parseInt(args[4]);
        ExperimentParams p = ExperimentParams.parse("""
                population = %d
                model { name = quadratic, dim = %d }
                fast { steps = %d, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                """.formatted(n, d, k));
        AgentBatch b = AgentOps.newBatch(p, n);
        for (int i = 0; i < n; i++) {
            AgentOps.init(p, b, i, i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int chunk = Math.max(1, (n + 4 * threads - 1) / (4 * threads));
        double best = 0;
        for (int r = 0; r <= repeats; r++) {
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            int g = r + 1;
            for (int from = 0; from < n; from += chunk) {
                int f = from;
                int t = Math.min(n, from + chunk);
                fs.add(pool.submit(() -> AgentOps.fastPhase(p, b, f, t, g)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double rate = (double) n * k / secs;
            if (r > 0) {
                best = Math.max(best, rate);
            }
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "limit-loop N=%d d=%d K=%d threads=%d agent-steps/s=%.4g%n", n, d, k, threads,
                best);
    }
}
