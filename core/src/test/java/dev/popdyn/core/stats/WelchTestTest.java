package dev.popdyn.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * {@link WelchTest} against closed forms and published values: Student's t tail for 1 and 2 degrees of freedom in
 * closed form, P(|T| > 2) with 10 df = 0.0733880 (tables; scipy.stats.t.sf), the regularised incomplete beta at
 * values with closed forms, and Welch's test on small samples against scipy.stats.ttest_ind(equal_var=False).
 */
class WelchTestTest {
    @Test
    void studentTailWithTenDegreesOfFreedom() {
        assertThat(WelchTest.studentTwoSided(2.0, 10)).isCloseTo(0.07339, within(5e-6));
        assertThat(WelchTest.studentTwoSided(-2.0, 10)).isCloseTo(0.0733880348, within(1e-9));
    }

    /** df = 1 (Cauchy): p = 1 − (2/π) atan t; df = 2: p = 1 − t/sqrt(2 + t²). */
    @Test
    void studentTailClosedForms() {
        for (double t : new double[]{0.1, 0.5, 1, 2, 5, 20}) {
            assertThat(WelchTest.studentTwoSided(t, 1)).isCloseTo(1 - 2 / Math.PI * Math.atan(t), within(1e-12));
            assertThat(WelchTest.studentTwoSided(t, 2)).isCloseTo(1 - t / Math.sqrt(2 + t * t), within(1e-12));
        }
        assertThat(WelchTest.studentTwoSided(0, 7)).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void regularizedBetaClosedForms() {
        for (double x : new double[]{0.05, 0.3, 0.5, 0.77, 0.99}) {
            assertThat(WelchTest.regularizedBeta(x, 1, 1)).isCloseTo(x, within(1e-13));
            assertThat(WelchTest.regularizedBeta(x, 1, 3.5)).isCloseTo(1 - Math.pow(1 - x, 3.5), within(1e-13));
            assertThat(WelchTest.regularizedBeta(x, 2.5, 1)).isCloseTo(Math.pow(x, 2.5), within(1e-13));
            assertThat(WelchTest.regularizedBeta(x, 0.5, 0.5))
                    .isCloseTo(2 / Math.PI * Math.asin(Math.sqrt(x)), within(1e-12));
            double i23 = 6 * x * x * (1 - x) * (1 - x) + 4 * Math.pow(x, 3) * (1 - x) + Math.pow(x, 4);
            assertThat(WelchTest.regularizedBeta(x, 2, 3)).isCloseTo(i23, within(1e-13));
        }
        assertThat(WelchTest.regularizedBeta(0.5, 7.5, 7.5)).isCloseTo(0.5, within(1e-13));
        assertThat(WelchTest.regularizedBeta(0, 2, 3)).isEqualTo(0.0);
        assertThat(WelchTest.regularizedBeta(1, 2, 3)).isEqualTo(1.0);
    }

    /** scipy.special.betainc reference values. */
    @Test
    void regularizedBetaReferenceValues() {
        assertThat(WelchTest.regularizedBeta(0.3, 10, 20)).isCloseTo(0.3640040810719437, within(1e-12));
        assertThat(WelchTest.regularizedBeta(0.45, 50, 60)).isCloseTo(0.4642352914306031, within(1e-11));
        assertThat(WelchTest.regularizedBeta(0.9, 5, 0.5)).isCloseTo(0.3166429150200122, within(1e-12));
    }

    @Test
    void logGammaKnownValues() {
        assertThat(WelchTest.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(WelchTest.logGamma(10)).isCloseTo(Math.log(362_880), within(1e-12));
        assertThat(WelchTest.logGamma(1)).isCloseTo(0.0, within(1e-14));
        assertThat(WelchTest.logGamma(0.1)).isCloseTo(2.252712651734206, within(1e-13));
        assertThat(WelchTest.logGamma(123.4)).isCloseTo(469.3360974421906, within(1e-10));
    }

    /** Equal sizes and variances: a = {−1, 1}, b = {3, 5}: t = −4/√2, df = 2, p = 1 − t/sqrt(2 + t²) = 0.105573. */
    @Test
    void welchOnSamplesWithClosedFormDegreesOfFreedom() {
        double p = WelchTest.pValue(new double[]{-1, 1}, 0, 2, new double[]{3, 5}, 0, 2);
        double t = 4 / Math.sqrt(2);
        assertThat(p).isCloseTo(1 - t / Math.sqrt(2 + t * t), within(1e-12));
    }

    @Test
    void welchAgainstScipy() {
        double p = WelchTest.pValue(new double[]{1, 2, 3, 4}, 0, 4, new double[]{2, 4, 6, 8, 10}, 0, 5);
        assertThat(p).isCloseTo(0.06913359319239237, within(1e-10));
        double[] a = {9, 1.5, 2.5, 0.5, 3.0, 2.0, 1.0};
        double[] b = {3.1, 2.2, 4.8, 3.9};
        assertThat(WelchTest.pValue(a, 1, 6, b, 0, 4)).isCloseTo(0.04254624957799616, within(1e-10));
        assertThat(WelchTest.pValue(b, 0, 4, a, 1, 6)).isCloseTo(0.04254624957799616, within(1e-10));
    }

    @Test
    void constantSamples() {
        assertThat(WelchTest.pValue(new double[]{1, 1, 1}, 0, 3, new double[]{1, 1}, 0, 2)).isEqualTo(1.0);
        assertThat(WelchTest.pValue(new double[]{1, 1, 1}, 0, 3, new double[]{2, 2}, 0, 2)).isEqualTo(0.0);
    }
}
