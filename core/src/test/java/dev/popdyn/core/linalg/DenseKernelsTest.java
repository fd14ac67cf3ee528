package dev.popdyn.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseKernelsTest {
    private static final DenseKernels BLAS = DenseKernels.blas();
    private static final DenseKernels LOOPS = DenseKernels.loops();

    private static double[] random(int n, SplittableRandom r) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble(-1, 1);
        }
        return a;
    }

    private static double relDiff(double[] x, double[] y) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num = Math.max(num, Math.abs(x[i] - y[i]));
            den = Math.max(den, Math.abs(y[i]));
        }
        return num / den;
    }

    @Test
    void reportsLoadedImplementation() {
        assertThat(Blas.implementation()).startsWith("dev.ludovic.netlib.blas.");
    }

    @Test
    void blasMatchesLoopsWithOffsetsAndBeta() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 7;
        int n = 5;
        int k = 9;
        int pad = 3;
        double[] a = random(pad + m * k, r);
        double[] at = random(pad + k * m, r);
        double[] b = random(pad + k * n, r);
        double[] bt = random(pad + n * k, r);
        double[] c0 = random(pad + m * n, r);
        double[] x = random(pad + Math.max(m, n), r);
        double[] y0 = random(pad + Math.max(m, n), r);
        double[][] c = {c0.clone(), c0.clone()};
        DenseKernels[] ks = {BLAS, LOOPS};
        for (int i = 0; i < 2; i++) {
            ks[i].gemmNN(m, n, k, 0.7, a, pad, b, pad, 0.3, c[i], pad);
        }
        assertThat(relDiff(c[0], c[1])).isLessThan(1e-14);
        c = new double[][]{c0.clone(), c0.clone()};
        for (int i = 0; i < 2; i++) {
            ks[i].gemmNT(m, n, k, 1.1, a, pad, bt, pad, -0.5, c[i], pad);
        }
        assertThat(relDiff(c[0], c[1])).isLessThan(1e-14);
        c = new double[][]{c0.clone(), c0.clone()};
        for (int i = 0; i < 2; i++) {
            ks[i].gemmTN(m, n, k, 0.9, at, pad, b, pad, 0.0, c[i], pad);
        }
        assertThat(relDiff(c[0], c[1])).isLessThan(1e-14);
        double[] ma = random(pad + m * n, r);
        double[][] y = {y0.clone(), y0.clone()};
        for (int i = 0; i < 2; i++) {
            ks[i].gemv(m, n, 0.8, ma, pad, x, pad, 0.2, y[i], pad);
        }
        assertThat(relDiff(y[0], y[1])).isLessThan(1e-14);
        y = new double[][]{y0.clone(), y0.clone()};
        for (int i = 0; i < 2; i++) {
            ks[i].gemvT(m, n, 0.8, ma, pad, x, pad, 0.0, y[i], pad);
        }
        assertThat(relDiff(y[0], y[1])).isLessThan(1e-14);
        double[][] g = {ma.clone(), ma.clone()};
        for (int i = 0; i < 2; i++) {
            ks[i].ger(m, n, -1.3, x, pad, y0, pad, g[i], pad);
        }
        assertThat(relDiff(g[0], g[1])).isLessThan(1e-14);
    }

    @Test
    void loopsComputeTheDefinition() {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {1, 0, 0, 1, 1, 1};
        double[] c = new double[4];
        LOOPS.gemmNN(2, 2, 3, 1.0, a, 0, b, 0, 0.0, c, 0);
        assertThat(c).containsExactly(4, 5, 10, 11);
        LOOPS.gemmNT(2, 2, 3, 1.0, a, 0, a, 0, 0.0, c, 0);
        assertThat(c).containsExactly(14, 32, 32, 77);
        BLAS.gemmNT(2, 2, 3, 1.0, a, 0, a, 0, 0.0, c, 0);
        assertThat(c).containsExactly(14, 32, 32, 77);
    }
}
