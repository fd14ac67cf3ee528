package dev.popdyn.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussQuadratureTest {
    @Test
    void hermiteRuleIntegratesGaussianMomentsExactly() {
        GaussQuadrature q = GaussQuadrature.hermite(12);
        double doubleFactorial = 1.0;
        for (int k = 0; k <= 11; k++) {
            double m2k = 0;
            double odd = 0;
            for (int i = 0; i < q.size(); i++) {
                m2k += q.weight(i) * Math.pow(q.node(i), 2 * k);
                odd += q.weight(i) * Math.pow(q.node(i), 2 * k + 1);
            }
            if (k > 0) {
                doubleFactorial *= 2 * k - 1;
            }
            assertThat(m2k).isCloseTo(doubleFactorial, within(1e-12 * doubleFactorial));
            assertThat(odd).isCloseTo(0.0, within(1e-12 * Math.max(1, doubleFactorial)));
        }
    }

    @Test
    void hermiteNodesAreSymmetricAndSorted() {
        GaussQuadrature q = GaussQuadrature.hermite(7);
        for (int i = 0; i < 7; i++) {
            assertThat(q.node(i)).isCloseTo(-q.node(6 - i), within(1e-13));
            assertThat(q.weight(i)).isCloseTo(q.weight(6 - i), within(1e-14));
            if (i > 0) {
                assertThat(q.node(i)).isGreaterThan(q.node(i - 1));
            }
        }
        assertThat(q.node(3)).isCloseTo(0.0, within(1e-14));
        assertThat(GaussQuadrature.hermite(2).node(1)).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void laguerreRuleIntegratesFactorialMoments() {
        GaussQuadrature q = GaussQuadrature.laguerre(10);
        double fact = 1.0;
        for (int k = 0; k <= 19; k++) {
            if (k > 0) {
                fact *= k;
            }
            double s = 0;
            for (int i = 0; i < q.size(); i++) {
                s += q.weight(i) * Math.pow(q.node(i), k);
            }
            assertThat(s).isCloseTo(fact, within(1e-11 * fact));
        }
    }
}
