package dev.popdyn.core.linalg;

/**
 * The dense kernels of the two-layer model on flat <em>row-major</em> arrays ({@code a[aoff + i·cols + j]} is
 * entry (i, j)), each with an offset into its array. Two implementations compute the same values up to rounding:
 * {@link #blas()} maps every call onto netlib BLAS ({@link Blas}; a row-major matrix is the transpose of a
 * column-major one, so C = A·B is issued as Cᵀ = Bᵀ·Aᵀ), and {@link #loops()} is plain Java loops, kept as a
 * reference for tests and for machines where BLAS is slow at tiny sizes. Both are stateless and thread-safe.
 */
public interface DenseKernels {
    /** C (m×n) = α·A·B + β·C with A m×k, B k×n. */
    void gemmNN(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff);

    /** C (m×n) = α·A·Bᵀ + β·C with A m×k, B n×k. */
    void gemmNT(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff);

    /** C (m×n) = α·Aᵀ·B + β·C with A k×m, B k×n. */
    void gemmTN(int m, int n, int k, double alpha, double[] a, int aoff, double[] b, int boff, double beta,
            double[] c, int coff);

    /** y (m) = α·A·x + β·y with A m×n. */
    void gemv(int m, int n, double alpha, double[] a, int aoff, double[] x, int xoff, double beta, double[] y,
            int yoff);

    /** y (n) = α·Aᵀ·x + β·y with A m×n. */
    void gemvT(int m, int n, double alpha, double[] a, int aoff, double[] x, int xoff, double beta, double[] y,
            int yoff);

    /** A (m×n) += α·x·yᵀ. */
    void ger(int m, int n, double alpha, double[] x, int xoff, double[] y, int yoff, double[] a, int aoff);

    /** The netlib BLAS implementation. */
    static DenseKernels blas() {
        return BlasKernels.INSTANCE;
    }

    /** The plain-loop implementation. */
    static DenseKernels loops() {
        return LoopKernels.INSTANCE;
    }
}
