package dev.popdyn.core.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CellKernelTest {
    private static void assertStochasticSymmetric(CellKernel k) {
        int n = k.cells();
        for (int j = 0; j < n; j++) {
            double col = 0.0;
            double row = 0.0;
            for (int i = 0; i < n; i++) {
                assertThat(k.entry(i, j)).isGreaterThanOrEqualTo(0.0);
                assertThat(k.entry(i, j)).isCloseTo(k.entry(j, i), within(1e-15));
                col += k.entry(i, j);
                row += k.entry(j, i);
            }
            assertThat(col).isCloseTo(1.0, within(1e-14));
            assertThat(row).isCloseTo(1.0, within(1e-13));
        }
    }

    @Test
    void kernelsAreNonnegativeSymmetricAndDoublyStochastic() {
        for (double s : new double[] {1e-3, 0.05, 0.3, 1.0, 5.0}) {
            assertStochasticSymmetric(CellKernel.reflectedGaussian(50, s));
        }
        for (double r : new double[] {1e-3, 0.5, 7.0, 1e4}) {
            assertStochasticSymmetric(CellKernel.neumannHeat(50, r));
        }
    }

    @Test
    void zeroStepIsTheIdentity() {
        CellKernel g = CellKernel.reflectedGaussian(20, 0.0);
        CellKernel h = CellKernel.neumannHeat(20, 0.0);
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 20; j++) {
                assertThat(g.entry(i, j)).isEqualTo(i == j ? 1.0 : 0.0);
                assertThat(h.entry(i, j)).isCloseTo(i == j ? 1.0 : 0.0, within(1e-14));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"400, 0.05", "100, 0.04", "60, 0.05"})
    void interiorGaussianColumnHasVarianceSigmaSquaredPlusCellSpread(int n, double s) {
        CellKernel k = CellKernel.reflectedGaussian(n, s);
        int j = n / 2;
        double h = 2.0 / n;
        double mean = 0.0;
        double var = 0.0;
        for (int i = 0; i < n; i++) {
            double d = (i - j) * h;
            mean += k.entry(i, j) * d;
            var += k.entry(i, j) * d * d;
        }
        // source uniform in its cell, target rounded to a cell centre: Var = s² + h²/12 + h²/12 (Sheppard), exact
        // up to terms of order exp(−2π²(s/h)²) once the Gaussian spans a few cells (s/h ≥ 1.5 here)
        assertThat(mean).isCloseTo(0.0, within(1e-15));
        assertThat(var).isCloseTo(s * s + h * h / 6.0, within(1e-12));
    }

    @Test
    void interiorHeatColumnHasVarianceTwoR() {
        int n = 300;
        double r = 40.0;
        CellKernel k = CellKernel.neumannHeat(n, r);
        int j = n / 2;
        double var = 0.0;
        for (int i = 0; i < n; i++) {
            var += k.entry(i, j) * (i - j) * (i - j);
        }
        assertThat(var).isCloseTo(2.0 * r, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({"40, 0.2", "40, 0.04"})
    void gaussianKernelMatchesMirrorImagesIntegratedOverTheSourceCell(int n, double s) {
        // a source cell next to the left wall, by midpoint quadrature over the source cell of the image formula
        CellKernel k = CellKernel.reflectedGaussian(n, s);
        double h = 2.0 / n;
        int j = 1;
        int sub = 400;
        for (int i = 0; i < n; i++) {
            double a = -1.0 + i * h;
            double b = a + h;
            double p = 0.0;
            for (int q = 0; q < sub; q++) {
                double u = -1.0 + j * h + (q + 0.5) * h / sub;
                for (int img = -3; img <= 3; img++) {
                    p += Erf.normalCdf((b + 4 * img - u) / s) - Erf.normalCdf((a + 4 * img - u) / s);
                    p += Erf.normalCdf((-2 - a + 4 * img - u) / s) - Erf.normalCdf((-2 - b + 4 * img - u) / s);
                }
            }
            assertThat(k.entry(i, j)).as("cell %d", i).isCloseTo(p / sub, within(2e-7));
        }
    }

    @Test
    void bothGaussianFormulasAgreeWhereTheyMeet() {
        // s·n/2 = 1 switches from the second difference of G to quadrature; the kernel must be continuous there
        CellKernel below = CellKernel.reflectedGaussian(100, Math.nextDown(0.02));
        CellKernel above = CellKernel.reflectedGaussian(100, 0.02);
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 100; j++) {
                assertThat(below.entry(i, j)).isCloseTo(above.entry(i, j), within(1e-14));
            }
        }
    }
}
