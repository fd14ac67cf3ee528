package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationTest {
    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    private static double doubleFactorial(int n) {
        double f = 1;
        for (int i = n; i > 1; i -= 2) {
            f *= i;
        }
        return f;
    }

    /** E[f(G) hₖ(G)] by the trapezoid rule on [−12, 12] (spectrally accurate for smooth integrands). */
    private static double trapezoid(DoubleUnaryOperator f, int k) {
        int n = 48_000;
        double lo = -12;
        double h = 24.0 / n;
        double[] hv = new double[k + 1];
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double x = lo + i * h;
            Activation.hermiteValues(x, hv);
            double w = (i == 0 || i == n) ? 0.5 : 1.0;
            s += w * f.applyAsDouble(x) * hv[k] * Math.exp(-0.5 * x * x);
        }
        return s * h / Math.sqrt(2 * Math.PI);
    }

    @Test
    void reluCoefficientsMatchClosedForm() {
        double[] c = Activation.named("relu", 12).coefficients();
        assertThat(c[0]).isCloseTo(1 / Math.sqrt(2 * Math.PI), within(1e-14));
        assertThat(c[1]).isCloseTo(0.5, within(1e-14));
        assertThat(c[2]).isCloseTo(1 / (2 * Math.sqrt(Math.PI)), within(1e-14));
        for (int j = 1; j <= 6; j++) {
            double expected = (j % 2 == 1 ? 1 : -1) * doubleFactorial(2 * j - 3)
                    / Math.sqrt(2 * Math.PI * factorial(2 * j));
            assertThat(c[2 * j]).as("c_%d", 2 * j).isCloseTo(expected, within(1e-14));
        }
        for (int k = 3; k <= 11; k += 2) {
            assertThat(c[k]).as("c_%d", k).isCloseTo(0.0, within(1e-14));
        }
    }

    @Test
    void erfCoefficientsMatchClosedForm() {
        double[] c = Activation.named("erf", 9).coefficients();
        for (int i = 0; 2 * i + 1 <= 9; i++) {
            double expected = 2 / Math.sqrt(3 * Math.PI) * Math.pow(-1.0 / 3, i) * factorial(2 * i) / factorial(i)
                    / Math.sqrt(factorial(2 * i + 1));
            assertThat(c[2 * i + 1]).as("c_%d", 2 * i + 1).isCloseTo(expected, within(1e-13));
            assertThat(c[2 * i]).as("c_%d", 2 * i).isCloseTo(0.0, within(1e-14));
        }
        assertThat(c[1]).isCloseTo(2 / Math.sqrt(3 * Math.PI), within(1e-14));
    }

    @Test
    void tanhCoefficientsAreOddAndMatchTrapezoidReference() {
        double[] c = Activation.named("tanh", 8).coefficients();
        for (int k = 0; k <= 8; k++) {
            if (k % 2 == 0) {
                assertThat(c[k]).as("c_%d", k).isCloseTo(0.0, within(1e-14));
            } else {
                assertThat(c[k]).as("c_%d", k).isCloseTo(trapezoid(Math::tanh, k), within(1e-10));
            }
        }
        assertThat(c[1]).isCloseTo(0.6057, within(1e-4));
    }

    @Test
    void erfFunctionMatchesTabulatedValues() {
        assertThat(Activation.erf(0.5)).isCloseTo(0.5204998778130465, within(1e-15));
        assertThat(Activation.erf(1.0)).isCloseTo(0.8427007929497149, within(1e-15));
        assertThat(Activation.erf(-2.0)).isCloseTo(-0.9953222650189527, within(1e-15));
        assertThat(Activation.erf(3.0)).isCloseTo(0.9999779095030014, within(1e-15));
        assertThat(Activation.erf(0.0)).isEqualTo(0.0);
    }

    @Test
    void polynomialValueAndDerivativeAreTheHermiteSeries() {
        Activation p = Activation.hermite(0.1, -0.4, 0.3, 0.2);
        for (double x : new double[]{-2.1, -0.3, 0.0, 0.7, 1.9}) {
            double he2 = x * x - 1;
            double he3 = x * x * x - 3 * x;
            double value = 0.1 - 0.4 * x + 0.3 * he2 / Math.sqrt(2) + 0.2 * he3 / Math.sqrt(6);
            double deriv = -0.4 + 0.3 * 2 * x / Math.sqrt(2) + 0.2 * (3 * x * x - 3) / Math.sqrt(6);
            assertThat(p.value(x)).isCloseTo(value, within(1e-14));
            assertThat(p.derivative(x)).isCloseTo(deriv, within(1e-14));
        }
        assertThat(p.spec()).isEqualTo("[0.1, -0.4, 0.3, 0.2]");
        assertThat(Activation.parse("[0.1, -0.4, 0.3, 0.2]", 2).degree()).isEqualTo(3);
        assertThat(Activation.parse("tanh", 5).degree()).isEqualTo(5);
    }

    @Test
    void namedFunctionsEvaluateExactly() {
        Activation relu = Activation.named("relu", 4);
        assertThat(relu.value(-1.5)).isEqualTo(0.0);
        assertThat(relu.value(2.5)).isEqualTo(2.5);
        assertThat(relu.derivative(2.5)).isEqualTo(1.0);
        Activation erf = Activation.named("erf", 4);
        double h = 1e-5;
        assertThat(erf.derivative(0.4)).isCloseTo((Activation.erf(0.4 + h) - Activation.erf(0.4 - h)) / (2 * h),
                within(1e-9));
        assertThatThrownBy(() -> Activation.named("softplus", 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
