package dev.popdyn.core.engine;

import dev.popdyn.core.meanfield.MeanFieldReference;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.select.SelectionInput;
import dev.popdyn.core.stats.Canonical;
import dev.popdyn.core.stats.Moments;
import dev.popdyn.core.stats.Quantiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The reference engine (docs/design.md §2): a single JVM, no Spark. The Spark engine ({@code jobs.run.SparkEngine})
 * is tested against it ({@code SparkEquivalenceTest}) and must give the same numbers bit for bit; it also serves the
 * operator and study tests and the benchmarks. It runs generations on flat arrays with the same operators as the
 * Spark job — fast phase ({@link AgentOps#fastPhase}) in parallel over fixed chunks of agents, then the slow phase:
 * summary statistics in canonical order, selection, exploit (synchronous: donors are read from the evaluated
 * population), mutation. Results are bit-identical for any thread count, because every agent's work is independent
 * and every global sum is taken in {@link Canonical} order. Population-level fitness ({@code kernel}) is completed
 * after the fast phase ({@link PopulationFitness}); the summary's {@code w1_reference} comes from
 * {@link MeanFieldReference} when enabled. Not thread-safe itself (one run per instance); close it
 * to stop its threads.
 */
public final class Population implements AutoCloseable {
    private static final int CHUNK = 1024;

    private final ExperimentParams p;
    private final ExecutorService pool;
    private final int threads;
    private final MeanFieldReference reference;

    /** An engine with {@code threads} worker threads (0 = all available processors). */
    public Population(ExperimentParams p, int threads) {
        this.p = p;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.reference = MeanFieldReference.forParams(p);
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "popdyn-engine");
            t.setDaemon(true);
            return t;
        });
    }

    /** The initial population (generation 0): ids 0..N−1. */
    public AgentBatch initial() {
        AgentBatch b = AgentOps.newBatch(p, p.population());
        parallel(b.n, k -> AgentOps.init(p, b, k, k));
        return b;
    }

    /** Runs all generations from the initial population. */
    public List<GenerationResult> run() {
        List<GenerationResult> out = new ArrayList<>();
        AgentBatch current = initial();
        for (int g = 1; g <= p.generations(); g++) {
            GenerationResult r = step(current, g);
            out.add(r);
            current = r.next();
        }
        return out;
    }

    /** Runs generation g (1-based) starting from {@code start}, which is left unchanged. */
    public GenerationResult step(AgentBatch start, int g) {
        long t0 = System.nanoTime();
        return evaluateAndSelect(start.copy(), g, t0);
    }

    /**
     * As {@link #step}, but evaluates {@code start} in place: it becomes the result's evaluated batch. For callers
     * that own {@code start} and drop it afterwards (the in-process engine); saves one copy of the population per
     * generation.
     */
    public GenerationResult stepInPlace(AgentBatch start, int g) {
        return evaluateAndSelect(start, g, System.nanoTime());
    }

    /** Generation g on {@code ev} (modified: the evaluated batch); {@code t0} starts the fast phase's clock. */
    private GenerationResult evaluateAndSelect(AgentBatch ev, int g, long t0) {
        int n = ev.n;
        parallelRanges(n, fastChunk(n), (from, to) -> AgentOps.fastPhase(p, ev, from, to, g));
        PopulationFitness.complete(p, ev);
        long t1 = System.nanoTime();

        boolean[] diverged = new boolean[n];
        for (int i = 0; i < n; i++) {
            diverged[i] = ev.status[i] == AgentBatch.DIVERGED;
        }
        int[] donors = new int[n];
        double essWeights = p.selection().select(new SelectionInput(p.seed(), g, n, ev.fitness, diverged,
                ev.history, ev.historyCount, ev.m), donors);

        AgentBatch next = ev.copy();
        Lineage lin = new Lineage(n, ev.h);
        boolean[] resampled = new boolean[n];
        parallel(n, i -> {
            boolean exploited = donors[i] >= 0;
            if (exploited) {
                next.exploit(i, ev, donors[i]);
            }
            if (AgentOps.mutates(p, exploited)) {
                resampled[i] = AgentOps.mutate(p, next.hyper, i * next.h, next.ids[i], g);
            }
            lin.agentId[i] = ev.ids[i];
            lin.donorId[i] = exploited ? ev.ids[donors[i]] : -1;
            lin.event[i] = Lineage.classify(exploited, resampled[i]);
            System.arraycopy(ev.hyper, i * ev.h, lin.hyperBefore, i * ev.h, ev.h);
            System.arraycopy(next.hyper, i * ev.h, lin.hyperAfter, i * ev.h, ev.h);
            lin.fitness[i] = ev.fitness[i];
            lin.donorFitness[i] = exploited ? ev.fitness[donors[i]] : Double.NaN;
        });
        Summary s = summarize(ev, donors, resampled, essWeights);
        if (reference != null) {
            s = s.with("w1_reference", reference.targetAt(g - 1).w1(ev.hyper, ev.h, n));
        }
        long t2 = System.nanoTime();
        s = s.with("ms_fast", (t1 - t0) / 1e6).with("ms_slow", (t2 - t1) / 1e6);
        return new GenerationResult(g, ev, lin, s, next);
    }

    /** The summary of an evaluated population and its selection outcome, with sums in canonical block order. */
    Summary summarize(AgentBatch ev, int[] donors, boolean[] resampled, double essWeights) {
        int n = ev.n;
        Moments fit = new Moments();
        Moments[] hyp = new Moments[ev.h];
        for (int k = 0; k < ev.h; k++) {
            hyp[k] = new Moments();
        }
        for (int b = 0; b < Canonical.blocks(n); b++) {
            Moments bf = new Moments();
            Moments[] bh = new Moments[ev.h];
            for (int k = 0; k < ev.h; k++) {
                bh[k] = new Moments();
            }
            for (int i = b * Canonical.BLOCK; i < Math.min(n, (b + 1) * Canonical.BLOCK); i++) {
                if (ev.status[i] == AgentBatch.OK) {
                    bf.add(ev.fitness[i]);
                }
                for (int k = 0; k < ev.h; k++) {
                    bh[k].add(ev.hyper[i * ev.h + k]);
                }
            }
            fit.merge(bf);
            for (int k = 0; k < ev.h; k++) {
                hyp[k].merge(bh[k]);
            }
        }
        double[] okFitness = new double[n];
        int ok = 0;
        long divergedCount = 0;
        for (int i = 0; i < n; i++) {
            if (ev.status[i] == AgentBatch.OK) {
                okFitness[ok++] = ev.fitness[i];
            } else {
                divergedCount++;
            }
        }
        double[][] hq = new double[ev.h][];
        double[] col = new double[n];
        for (int k = 0; k < ev.h; k++) {
            for (int i = 0; i < n; i++) {
                col[i] = ev.hyper[i * ev.h + k];
            }
            hq[k] = Quantiles.of(col, n);
        }
        long[] offspring = new long[n];
        long exploited = 0;
        long resampledCount = 0;
        boolean[] donor = new boolean[n];
        long distinct = 0;
        for (int i = 0; i < n; i++) {
            if (donors[i] >= 0) {
                offspring[donors[i]]++;
                exploited++;
                if (!donor[donors[i]]) {
                    donor[donors[i]] = true;
                    distinct++;
                }
            } else {
                offspring[i]++;
            }
            if (resampled[i]) {
                resampledCount++;
            }
        }
        double ess = Double.isNaN(essWeights) ? offspringEssFraction(offspring, n) : essWeights;
        return Summary.of(p.hyper(), n, fit, Quantiles.of(okFitness, ok), hyp, hq, ess, distinct, exploited,
                resampledCount, divergedCount);
    }

    /** ESS/N of realised offspring counts cⱼ (Σc = N): N/Σcⱼ². */
    public static double offspringEssFraction(long[] offspring, int n) {
        double s2 = 0;
        for (long c : offspring) {
            s2 += (double) c * c;
        }
        return n / s2;
    }

    private interface RangeTask {
        void run(int from, int to);
    }

    private void parallel(int n, IntConsumer body) {
        parallelRanges(n, CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                body.accept(i);
            }
        });
    }

    /**
     * Agents per fast-phase task: about four tasks per thread, at most {@link #CHUNK}, so that expensive fast phases
     * (e.g. DQN agents, milliseconds per agent step) of a small population still use every thread. Results do not
     * depend on it: each agent's fast phase is independent.
     */
    private int fastChunk(int n) {
        int tasks = 4 * threads;
        return Math.max(1, Math.min(CHUNK, (n + tasks - 1) / tasks));
    }

    private void parallelRanges(int n, int chunk, RangeTask task) {
        if (threads == 1 || n <= chunk) {
            task.run(0, n);
            return;
        }
        List<Future<?>> fs = new ArrayList<>();
        for (int from = 0; from < n; from += chunk) {
            int f = from;
            int t = Math.min(n, from + chunk);
            fs.add(pool.submit(() -> task.run(f, t)));
        }
        try {
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
