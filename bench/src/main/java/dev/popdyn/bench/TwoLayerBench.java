package dev.popdyn.bench;

import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.linalg.Blas;
import dev.popdyn.core.linalg.DenseKernels;
import dev.popdyn.core.model.Activation;
import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.TwoLayer;
import dev.popdyn.core.params.HyperSpace;
import java.util.SplittableRandom;

/**
 * A JMH-free micro-benchmark of the two-layer model (not a test): online fast steps per second for m = 256,
 * d = 128, B = 256 (one {@link LangevinDynamics} step = minibatch draw, forward X·Uᵀ, backward Dᵀ·X, tangent
 * projection, update, renormalisation), population steps per second at the same size, each on the BLAS and
 * plain-loop kernels, and the dgemm GF/s of the loaded BLAS for the minibatch product and for 1000². Each timing is
 * the best of 5 repetitions after warm-up. Run from the repository root after
 * {@code mvn -B -Pbench -pl bench -am package -DskipTests}:
 * {@code java --add-modules=jdk.incubator.vector -cp bench/target/popdyn-bench.jar dev.popdyn.bench.TwoLayerBench}.
 * Not thread-safe (a program, not a library type).
 */
public final class TwoLayerBench {
    private TwoLayerBench() {
    }

    public static void main(String[] args) {
        int m = 256;
        int d = 128;
        int b = 256;
        System.out.println("BLAS implementation: " + Blas.implementation());
        System.out.println("java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " processors");
        for (TwoLayer.Gradient mode : TwoLayer.Gradient.values()) {
            for (String kind : new String[]{"blas", "loops"}) {
                DenseKernels k = kind.equals("blas") ? DenseKernels.blas() : DenseKernels.loops();
                double rate = stepsPerSecond(m, d, b, mode, k);
                System.out.printf("%-10s steps/s (m=%d, d=%d, B=%d, %s): %.1f%n", mode.name().toLowerCase(), m, d,
                        b, kind, rate);
            }
        }
        System.out.printf("dgemm %dx%dx%d GF/s: %.2f%n", b, m, d, gflops(b, m, d));
        System.out.printf("dgemm %dx%dx%d GF/s: %.2f%n", 1000, 1000, 1000, gflops(1000, 1000, 1000));
    }

    private static double stepsPerSecond(int m, int d, int b, TwoLayer.Gradient mode, DenseKernels kernels) {
        TwoLayer model = new TwoLayer(new TwoLayer.Spec(d, m, Activation.named("relu", 8),
                Activation.named("relu", 8), mode, b, 0.1, 0.0, 0.1), HyperSpace.of(), kernels);
        double[] theta = new double[model.dimension()];
        model.initTheta(theta, 0, new SplittableRandom(1));
        LangevinDynamics gd = new LangevinDynamics(Binding.of(HyperSpace.of(), "lr", 0.01),
                Binding.of(HyperSpace.of(), "temperature", 0.0));
        double[] scratch = new double[theta.length];
        double[] none = new double[0];
        SplittableRandom rng = new SplittableRandom(2);
        int steps = 20;
        long minNanos = Long.MAX_VALUE;
        for (int rep = 0; rep < 8; rep++) {
            long t0 = System.nanoTime();
            gd.run(model, theta, 0, none, 0, none, 0, steps, rng, scratch);
            long dt = System.nanoTime() - t0;
            if (rep >= 3) {
                minNanos = Math.min(minNanos, dt);
            }
        }
        return steps / (minNanos * 1e-9);
    }

    private static double gflops(int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(3);
        double[] a = new double[m * k];
        double[] bm = new double[k * n];
        double[] c = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble();
        }
        for (int i = 0; i < bm.length; i++) {
            bm[i] = r.nextDouble();
        }
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(1, Math.min(200, 2e9 / flops));
        long minNanos = Long.MAX_VALUE;
        for (int rep = 0; rep < 8; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                Blas.get().dgemm("N", "N", m, n, k, 1.0, a, 0, m, bm, 0, k, 0.0, c, 0, m);
            }
            long dt = System.nanoTime() - t0;
            if (rep >= 3) {
                minNanos = Math.min(minNanos, dt);
            }
        }
        return flops * reps / minNanos;
    }
}
