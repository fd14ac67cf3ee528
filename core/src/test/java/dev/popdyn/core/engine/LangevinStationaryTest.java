package dev.popdyn.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.params.ExperimentParams;
import org.junit.jupiter.api.Test;

/**
 * Langevin dynamics on the quadratic model (docs/design.md §1): for L = ½(1+ρ)‖θ − c/(1+ρ)‖² + const the Euler–Maruyama
 * chain θ ← θ − η∇L + sqrt(2ηT)ξ is a Gaussian AR(1) process per coordinate whose stationary law has mean c/(1+ρ)
 * and variance T/((1+ρ)(1 − η(1+ρ)/2)) — not the continuous-time T/(1+ρ), which the tests are sharp enough to
 * reject. Many independent agents (selection none) after a long run are checked against both moments within 4
 * standard errors: SE(mean) = sqrt(var/n), SE(var) = var·sqrt(2/(n − 1)).
 */
class LangevinStationaryTest {
    private static double[] finalTheta(String hocon) {
        ExperimentParams p = ExperimentParams.parse(hocon);
        try (Population pop = new Population(p, 2)) {
            return pop.step(pop.initial(), 1).evaluated().theta;
        }
    }

    private static void assertMoments(double[] theta, double mean, double var) {
        int n = theta.length;
        double s = 0;
        for (double t : theta) {
            s += t;
        }
        double m = s / n;
        double ss = 0;
        for (double t : theta) {
            ss += (t - m) * (t - m);
        }
        double v = ss / (n - 1);
        assertThat(m).as("mean of θ").isCloseTo(mean, within(4 * Math.sqrt(var / n)));
        assertThat(v).as("variance of θ").isCloseTo(var, within(4 * var * Math.sqrt(2.0 / (n - 1))));
    }

    @Test
    void fixedStepAndTemperatureReachTheEulerMaruyamaLaw() {
        double c = 1.0;
        double rho = 1.0;
        double eta = 0.2;
        double t = 0.5;
        double[] theta = finalTheta("seed = 5, population = 4000, generations = 1\n"
                + "model { name = quadratic, dim = 2, center = 1.0, reg = 1.0 }\n"
                + "fast { steps = 200, lr = 0.2, temperature = 0.5 }\n"
                + "selection.rule = none");
        double a = 1 + rho;
        double var = t / (a * (1 - eta * a / 2));
        assertMoments(theta, c / a, var);
        assertThat(var).as("the EM and continuous variances are far apart in SE units")
                .isGreaterThan(t / a + 8 * var * Math.sqrt(2.0 / (theta.length - 1)));
    }

    @Test
    void stepTemperatureAndRegularisationReadFromLambda() {
        double c = 2.0;
        double rho = 2.0;
        double eta = 0.1;
        double t = 1.0;
        double[] theta = finalTheta("seed = 6, population = 3000, generations = 1\n"
                + "model { name = quadratic, dim = 3, center = 2.0, reg = 0.0 }\n"
                + "fast { steps = 150, lr = 0.001, temperature = 0.0 }\n"
                + "hyper {\n"
                + "  lr { lo = 0.01, hi = 0.5, scale = log, init = 0.1 }\n"
                + "  temperature { lo = 0, hi = 2, init = 1.0 }\n"
                + "  reg { lo = 0, hi = 3, init = 2 }\n"
                + "}\n"
                + "selection.rule = none");
        double a = 1 + rho;
        assertMoments(theta, c / a, t / (a * (1 - eta * a / 2)));
    }
}
