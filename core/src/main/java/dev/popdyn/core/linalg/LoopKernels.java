package dev.popdyn.core.linalg;

/**
 * {@link DenseKernels} as plain Java loops (i-k-j order so the inner loop runs along rows). The reference the BLAS
 * path is tested against. Stateless and thread-safe.
 */
final class LoopKernels implements DenseKernels {
    static final LoopKernels INSTANCE = new LoopKernels();

    private LoopKernels() {
    }

    private static void scale(int len, double beta, double[] c, int coff) {
        for (int i = coff; i < coff + len; i++) {
            c[i] = beta == 0.0 ? 0.0 : beta * c[i];
        }
    }

    @Override
    public void gemmNN(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff) {
        scale(m * n, beta, c, coff);
        for (int i = 0; i < m; i++) {
            int ci = coff + i * n;
            for (int p = 0; p < k; p++) {
                double aip = alpha * a[aoff + i * k + p];
                int bp = boff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff) {
        for (int i = 0; i < m; i++) {
            int ai = aoff + i * k;
            for (int j = 0; j < n; j++) {
                int bj = boff + j * k;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                int cij = coff + i * n + j;
                c[cij] = alpha * s + (beta == 0.0 ? 0.0 : beta * c[cij]);
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff) {
        scale(m * n, beta, c, coff);
        for (int p = 0; p < k; p++) {
            int ap = aoff + p * m;
            int bp = boff + p * n;
            for (int i = 0; i < m; i++) {
                double api = alpha * a[ap + i];
                int ci = coff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += api * b[bp + j];
                }
            }
        }
    }

    @Override
    public void gemv(int m, int n, double alpha, double[] a, int aoff, double[] x, int xoff, double beta,
            double[] y, int yoff) {
        for (int i = 0; i < m; i++) {
            int ai = aoff + i * n;
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                s += a[ai + j] * x[xoff + j];
            }
            y[yoff + i] = alpha * s + (beta == 0.0 ? 0.0 : beta * y[yoff + i]);
        }
    }

    @Override
    public void gemvT(int m, int n, double alpha, double[] a, int aoff, double[] x, int xoff, double beta,
            double[] y, int yoff) {
        scale(n, beta, y, yoff);
        for (int i = 0; i < m; i++) {
            int ai = aoff + i * n;
            double xi = alpha * x[xoff + i];
            for (int j = 0; j < n; j++) {
                y[yoff + j] += xi * a[ai + j];
            }
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xoff, double[] y, int yoff, double[] a, int aoff) {
        for (int i = 0; i < m; i++) {
            double xi = alpha * x[xoff + i];
            int ai = aoff + i * n;
            for (int j = 0; j < n; j++) {
                a[ai + j] += xi * y[yoff + j];
            }
        }
    }
}
