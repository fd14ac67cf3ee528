package dev.popdyn.bench;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import dev.popdyn.core.select.SelectionInput;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the kernels every generation runs: the Langevin fast step (quadratic, d = 16), the
 * Gaussian generator of the per-agent streams, truncation selection and mutation. Single-threaded; numbers go to
 * BENCHMARKS.md through {@code bench/run.sh}. Not thread-safe (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class KernelBenchmarks {
    static final int AGENTS = 1024;
    static final int STEPS = 100;

    ExperimentParams params;
    AgentBatch batch;
    SelectionInput selection;
    int[] donors;
    long generation;

    @Setup(Level.Trial)
    public void setUp() {
        params = ExperimentParams.parse("""
                population = 100000
                model { name = quadratic, dim = 16 }
                fast { steps = %d, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                selection { rule = truncation, fraction = 0.2 }
                """.formatted(STEPS));
        batch = AgentOps.newBatch(params, AGENTS);
        for (int k = 0; k < AGENTS; k++) {
            AgentOps.init(params, batch, k, k);
        }
        int n = params.population();
        SplittableRandom r = new SplittableRandom(1);
        double[] fitness = r.doubles(n).toArray();
        selection = new SelectionInput(1, 1, n, fitness, new boolean[n], new double[n], new int[n], 1);
        donors = new int[n];
    }

    /** Agent-steps of the Langevin fast phase: one op = 1024 agents × 100 steps × d = 16. */
    @Benchmark
    public double fastPhase1024x100() {
        AgentOps.fastPhase(params, batch, 0, AGENTS, ++generation);
        return batch.fitness[0];
    }

    /** Standard normal draws from a per-agent stream (SplittableRandom, JDK ziggurat). One op = 1000 draws. */
    @Benchmark
    public double gaussian1000() {
        SplittableRandom rng = Streams.of(1, ++generation, 7, Purpose.FAST);
        double s = 0;
        for (int i = 0; i < 1000; i++) {
            s += rng.nextGaussian();
        }
        return s;
    }

    /** Truncation selection on N = 100 000 agents (ranking + donor draws). */
    @Benchmark
    public int truncation100k() {
        params.selection().select(selection, donors);
        return donors[0];
    }

    /** Mutation of 1024 agents' λ (reflected Gaussian step). */
    @Benchmark
    public double mutate1024() {
        generation++;
        for (int k = 0; k < AGENTS; k++) {
            AgentOps.mutate(params, batch.hyper, k * batch.h, k, generation);
        }
        return batch.hyper[0];
    }
}
