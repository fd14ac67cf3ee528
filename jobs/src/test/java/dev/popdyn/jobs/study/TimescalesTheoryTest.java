package dev.popdyn.jobs.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.timescales.PowerLawFit;
import dev.popdyn.core.timescales.RiskCurves;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pieces of the time-scales comparison (docs/twolayer.md): the drop-time detector and the exponent fit recover a
 * known exponent from synthetic risk curves, and the reduced overlap ODE's integrator matches its closed form where
 * it has one.
 */
class TimescalesTheoryTest {
    static final double[] PHI = {0.0, 0.6, 0.8};
    static final double[] SIGMA = {0.0, 1.0, 0.1};

    /**
     * Synthetic curves R(t) = R₂ + Σ_l (R_{l−1} − R_l) / (1 + (t/t_l)^k) (steps of width 1/k in log t, k = 6; the
     * levels array of {@link RiskCurves#levels} is R_{−1}, R₀, R₁, R₂), with
     * t_l(ε) = C_l ε^{b_l}, b₁ = 1/2 and b₂ = 1/4 (the exponents 1/(2l) of the secondary reading of Berthier,
     * Montanari, Zhou), C₁ = 10, C₂ = 60, ε from 0.1 to 0.001 (t₁ ∈ [0.32, 3.2], t₂ ∈ [11, 34]), recorded every
     * Δt = 1/128 like the study's example, with ±1 % multiplicative noise from a fixed seed. Each logistic step crosses
     * its midpoint exactly at t_l (the other step's tail moves the level by less than 0.1 %: t₂/t₁ ≥ 3.4, so
     * (1/3.4)⁶ &lt; 10⁻³). Near the midpoint R falls by 0.27 per unit of ln t, so 1 % noise on 0.41 shifts one
     * agent's crossing by about 1.5 % in t, and the median over 8 agents must be within 3 % of t_l; the fitted
     * exponents (over a factor 100 in ε) within 0.02 of the truth.
     */
    @Test
    void detectorAndFitRecoverKnownExponentsFromSyntheticCurves() {
        double[] levels = RiskCurves.levels(PHI);
        double[] eps = {0.1, 0.03, 0.01, 0.003, 0.001};
        double[] b = {Double.NaN, 0.5, 0.25};
        double[] c = {Double.NaN, 10.0, 60.0};
        double dt = 1.0 / 128;
        int n = 128 * 120;
        SplittableRandom rng = new SplittableRandom(7);
        for (int l = 1; l <= 2; l++) {
            double[] medians = new double[eps.length];
            for (int e = 0; e < eps.length; e++) {
                double[] drops = new double[8];
                for (int agent = 0; agent < drops.length; agent++) {
                    double[] t = new double[n];
                    double[] r = new double[n];
                    for (int i = 0; i < n; i++) {
                        t[i] = (i + 1) * dt;
                        double risk = levels[3];
                        for (int k = 1; k <= 2; k++) {
                            double tk = c[k] * Math.pow(eps[e], b[k]);
                            risk += (levels[k] - levels[k + 1]) / (1 + Math.pow(t[i] / tk, 6));
                        }
                        r[i] = risk * (1 + 0.01 * (2 * rng.nextDouble() - 1)) + 1e-9;
                    }
                    drops[agent] = new RiskCurves(RiskCurves.DEFAULT_BAND, RiskCurves.DEFAULT_SPAN)
                            .analyse(t, r, n, levels).dropTimes()[l];
                }
                medians[e] = RiskCurves.median(drops, 0, drops.length);
                assertThat(medians[e]).as("degree %d eps %s", l, eps[e])
                        .isCloseTo(c[l] * Math.pow(eps[e], b[l]), within(0.03 * c[l] * Math.pow(eps[e], b[l])));
            }
            PowerLawFit fit = PowerLawFit.of(eps, medians);
            assertThat(fit.exponent()).as("degree %d", l).isCloseTo(b[l], within(0.02));
            assertThat(fit.points()).isEqualTo(eps.length);
        }
    }

    /**
     * With every neuron aligned (s = 1, so ṡ = 0) the reduced ODE is linear in a: a(t) = a*(1 − e^{−Ū t/ε}),
     * a* = V(1)/Ū, Ū = U(1), and R = ½‖φ‖² − aV + ½a²Ū crosses a threshold T at a_T = (V − √(V² − 2Ū(½‖φ‖² − T)))/Ū,
     * t_T = −(ε/Ū) ln(1 − a_T/a*). The RK4 drop time (step ε/400, crossing interpolated linearly) must match to 1e-5 relative.
     */
    @Test
    void reducedOdeMatchesItsClosedFormWhenTheOverlapIsOne() {
        ReducedOverlapOde ode = new ReducedOverlapOde(PHI, SIGMA, 64);
        double v = 0.6 * 1.0 + 0.8 * 0.1;
        double u = 1.0 + 0.01;
        double half = 0.5 * (0.36 + 0.64);
        double threshold = 0.3;
        for (double eps : new double[]{0.1, 0.01}) {
            double aT = (v - Math.sqrt(v * v - 2 * u * (half - threshold))) / u;
            double expected = -(eps / u) * Math.log(1 - aT / (v / u));
            assertThat(ode.dropTime(eps, 0, 1, threshold, 10, 400)).isCloseTo(expected, within(1e-5 * expected));
        }
        assertThat(ode.dropTime(0.1, 0, 1, 0.01, 10, 50)).as("below the aligned optimum: never").isInfinite();
    }

    /**
     * Early phase from a = 0, s₀ ≪ m^{−1/2}, linear target and activation: linearising, ȧ ≈ φ₁σ₁s/ε and
     * ṡ ≈ aφ₁σ₁, so s̈ = (φ₁σ₁)²s/ε and s(t) = s₀ cosh(φ₁σ₁ t/√ε) — the overlap escapes on the time scale √ε, the
     * mechanism behind t₁ ∝ ε^{1/2} (docs/twolayer.md). Check it against the integrator while the linearisation holds
     * (aŪ ≪ V: here a ≈ 4·10⁻⁴, Ū ≈ 10⁻⁵).
     */
    @Test
    void earlyOverlapEscapesOnTheTimeScaleSqrtEps() {
        double eps = 0.1;
        double s0 = 1e-4;
        ReducedOverlapOde ode = new ReducedOverlapOde(new double[]{0, 0.6}, new double[]{0, 1.0}, 100000);
        double t = 0.5;
        double s = ode.overlapAt(eps, 0, s0, t, 2000);
        double expected = s0 * Math.cosh(0.6 * t / Math.sqrt(eps));
        assertThat(s).isCloseTo(expected, within(1e-4 * expected));
    }

    /**
     * The same early phase at finite width keeps the second layer's self-term: ȧ = (φ₁σ₁s − γa)/ε with
     * γ = Ū(0) = U(1)/m, ṡ = φ₁σ₁a. From a = 0, s = s₀: s(t) = s₀(λ₊e^{λ₋t} − λ₋e^{λ₊t})/(λ₊ − λ₋), where
     * λ± = (−γ/ε ± √(γ²/ε² + 4k²/ε))/2, k = φ₁σ₁; the growth rate λ₊ = (k/√ε)(√(1 + r) − √r), r = ε_c/ε,
     * ε_c = (γ/2k)², falls from k/√ε (ε ≫ ε_c) to the ε-free k²/γ (ε ≪ ε_c: the adiabatic limit). This is the
     * finite-m crossover of docs/twolayer.md. At m = 64, ε = 10⁻³ (r = 0.17) and ε = 10⁻⁴ (r = 1.7), s₀ = 10⁻⁸ so
     * that U(s²) ≈ s² stays below 10⁻⁸ of γ; the integrator must match to 10⁻⁶ relative.
     */
    @Test
    void earlyGrowthRateCrossesOverToTheAdiabaticLimitAtFiniteWidth() {
        int m = 64;
        double k = 0.6;
        double gamma = 1.0 / m;
        ReducedOverlapOde ode = new ReducedOverlapOde(new double[]{0, 0.6}, new double[]{0, 1.0}, m);
        double s0 = 1e-8;
        for (double eps : new double[]{1e-3, 1e-4}) {
            double disc = Math.sqrt(gamma * gamma / (eps * eps) + 4 * k * k / eps);
            double plus = (-gamma / eps + disc) / 2;
            double minus = (-gamma / eps - disc) / 2;
            double r = gamma * gamma / (4 * k * k) / eps;
            assertThat(plus).as("the closed form of the rate").isCloseTo(k / Math.sqrt(eps)
                    * (Math.sqrt(1 + r) - Math.sqrt(r)), within(1e-9 * plus));
            double t = 5 / plus;
            double expected = s0 * (plus * Math.exp(minus * t) - minus * Math.exp(plus * t)) / (plus - minus);
            assertThat(ode.overlapAt(eps, 0, s0, t, 20000)).as("eps %s", eps)
                    .isCloseTo(expected, within(1e-6 * expected));
        }
    }
}
