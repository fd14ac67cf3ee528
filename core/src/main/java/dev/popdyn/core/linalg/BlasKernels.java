package dev.popdyn.core.linalg;

import dev.ludovic.netlib.blas.BLAS;

/**
 * {@link DenseKernels} on netlib BLAS: each row-major operation is issued as the column-major operation on the
 * transposes (dgemm, dgemv, dger with leading dimension = row length). Stateless and thread-safe.
 */
final class BlasKernels implements DenseKernels {
    static final BlasKernels INSTANCE = new BlasKernels();

    private final BLAS blas = Blas.get();

    private BlasKernels() {
    }

    @Override
    public void gemmNN(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff) {
        blas.dgemm("N", "N", n, m, k, alpha, b, boff, n, a, aoff, k, beta, c, coff, n);
    }

    @Override
    public void gemmNT(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff) {
        blas.dgemm("T", "N", n, m, k, alpha, b, boff, k, a, aoff, k, beta, c, coff, n);
    }

    @Override
    public void gemmTN(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff) {
        blas.dgemm("N", "T", n, m, k, alpha, b, boff, n, a, aoff, m, beta, c, coff, n);
    }

    @Override
    public void gemv(int m, int n, double alpha, double[] a, int aoff, double[] x, int xoff, double beta,
            double[] y, int yoff) {
        blas.dgemv("T", n, m, alpha, a, aoff, n, x, xoff, 1, beta, y, yoff, 1);
    }

    @Override
    public void gemvT(int m, int n, double alpha, double[] a, int aoff, double[] x, int xoff, double beta,
            double[] y, int yoff) {
        blas.dgemv("N", n, m, alpha, a, aoff, n, x, xoff, 1, beta, y, yoff, 1);
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xoff, double[] y, int yoff, double[] a, int aoff) {
        blas.dger(n, m, alpha, y, yoff, 1, x, xoff, 1, a, aoff, n);
    }
}
