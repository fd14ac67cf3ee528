package dev.popdyn.bench;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.linalg.Blas;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExperimentParams;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Wall time and process CPU time of generations of {@code conf/examples/cartpole-pbt.conf} (N = 500 DQN agents, 500
 * env steps each) in the single-JVM {@link Population} engine (not a test). Arguments: threads (0 = all processors),
 * generations to time, then {@code key=value} overrides. Run from the repository root after
 * {@code mvn -B -Pbench -pl bench -am package -DskipTests}:
 * {@code java -Xmx4g --add-modules=jdk.incubator.vector -cp bench/target/popdyn-bench.jar
 * dev.popdyn.bench.CartPolePbtBench 0 1}. Not thread-safe (a program, not a library type).
 */
public final class CartPolePbtBench {
    private CartPolePbtBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int generations = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ExperimentParams p = ExperimentParams.fromConfig(ConfigLoader.load(Path.of("conf/examples/cartpole-pbt.conf"),
                Arrays.asList(args).subList(Math.min(2, args.length), args.length)));
        System.out.println("BLAS implementation: " + Blas.implementation());
        System.out.printf("java %s, %d processors, N = %d, K = %d, state %d doubles/agent%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), p.population(),
                p.steps(), p.dynamics().stateSize());
        try (Population pop = new Population(p, threads)) {
            long t0 = System.nanoTime();
            AgentBatch current = pop.initial();
            System.out.printf("init %.1f s%n", (System.nanoTime() - t0) / 1e9);
            for (int g = 1; g <= generations; g++) {
                long t1 = System.nanoTime();
                long c1 = cpuNanos();
                GenerationResult r = pop.step(current, g);
                double wall = (System.nanoTime() - t1) / 1e9;
                double cpu = (cpuNanos() - c1) / 1e9;
                current = r.next();
                Runtime rt = Runtime.getRuntime();
                System.out.printf("generation %d: wall %.1f s, process CPU %.1f s (fast %.1f s, slow %.3f s), fitness "
                        + "mean %.1f max %.1f, heap used %d MB%n", g, wall, cpu, r.summary().get("ms_fast") / 1e3,
                        r.summary().get("ms_slow") / 1e3, r.summary().get("fitness_mean"),
                        r.summary().get("fitness_max"), (rt.totalMemory() - rt.freeMemory()) >> 20);
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
