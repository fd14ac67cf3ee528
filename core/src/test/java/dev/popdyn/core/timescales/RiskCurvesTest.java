package dev.popdyn.core.timescales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.model.Activation;
import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.TwoLayer;
import dev.popdyn.core.params.HyperSpace;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plateau and drop rules of {@link RiskCurves} on synthetic curves with known drop times and levels, the
 * power-law fit, and the detector on a real two-layer curve (plateau at R₁, then the degree-2 drop).
 */
class RiskCurvesTest {
    static final double[] PHI = {0.0, 0.6, 0.8};

    /** A step from 1 to 0 at τ, steep in log time: 1/(1 + (t/τ)^8). */
    static double step(double t, double tau) {
        return 1.0 / (1.0 + Math.pow(t / tau, 8));
    }

    /** R(t) = R₂ + (R₁ − R₂)·S(t; t₂) + (R₀ − R₁)·S(t; t₁), optionally with multiplicative noise. */
    static double[][] synthetic(double t1, double t2, double dt, int n, double noise, long seed) {
        double[] lv = RiskCurves.levels(PHI);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] t = new double[n];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i + 1) * dt;
            r[i] = lv[3] + (lv[2] - lv[3]) * step(t[i], t2) + (lv[1] - lv[2]) * step(t[i], t1);
            r[i] *= 1 + noise * (2 * rng.nextDouble() - 1);
        }
        return new double[][]{t, r};
    }

    @Test
    void levelsAreHalfTheTailSumsOfSquaredCoefficients() {
        assertThat(RiskCurves.levels(PHI)).containsExactly(new double[]{0.5, 0.5, 0.32, 0.0}, within(1e-15));
    }

    @Test
    void findsKnownDropTimesAndPlateausOnACleanCurve() {
        double[][] c = synthetic(0.05, 5.0, 0.001, 20_000, 0.0, 1);
        RiskCurves rc = new RiskCurves(RiskCurves.DEFAULT_BAND, RiskCurves.DEFAULT_SPAN);
        RiskCurves.Analysis a = rc.analyse(c[0], c[1], c[0].length, RiskCurves.levels(PHI));
        assertThat(a.dropTimes()[0]).isNaN();
        assertThat(a.dropTimes()[1]).isCloseTo(0.05, within(0.05 * 0.01));
        assertThat(a.dropTimes()[2]).isCloseTo(5.0, within(5.0 * 0.01));
        List<RiskCurves.Plateau> ps = a.plateaus();
        assertThat(ps).hasSize(2);
        assertThat(ps.get(0).level()).isCloseTo(0.5, within(0.02));
        assertThat(ps.get(1).level()).isCloseTo(0.32, within(0.01));
        assertThat(ps.get(1).start()).isLessThan(0.1);
        assertThat(ps.get(1).end()).isGreaterThan(2.5).isLessThan(5.0);
        assertThat(a.plateauLevels()[0]).isCloseTo(0.5, within(0.02));
        assertThat(a.plateauLevels()[1]).isCloseTo(0.32, within(0.01));
        assertThat(a.plateauLevels()[2]).as("no plateau at zero risk").isNaN();
    }

    @Test
    void noiseWithinTheBandKeepsPlateausAndDropTimes() {
        double[][] c = synthetic(0.02, 1.0, 0.001, 8_000, 0.04, 2);
        RiskCurves.Analysis a = new RiskCurves(0.1, 3).analyse(c[0], c[1], c[0].length, RiskCurves.levels(PHI));
        assertThat(a.dropTimes()[1]).isCloseTo(0.02, within(0.02 * 0.1));
        assertThat(a.dropTimes()[2]).isCloseTo(1.0, within(0.1));
        assertThat(a.plateauLevels()[1]).isCloseTo(0.32, within(0.02));
    }

    @Test
    void aPlateauMustSpanTheTimeFactor() {
        double[] t = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] r = {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5};
        List<RiskCurves.Plateau> ps = new RiskCurves(0.05, 2.0).plateaus(t, r, t.length);
        assertThat(ps).containsExactly(new RiskCurves.Plateau(1, 3, 1.0, 3), new RiskCurves.Plateau(4, 8, 0.5, 5));
        assertThat(new RiskCurves(0.05, 2.5).plateaus(t, r, t.length))
                .containsExactly(new RiskCurves.Plateau(1, 3, 1.0, 3));
        assertThat(new RiskCurves(0.5, 2.5).plateaus(t, r, t.length)).as("one band holds 1 and 0.5 when δ = 1/2")
                .hasSize(1).first().extracting(RiskCurves.Plateau::records).isEqualTo(8);
    }

    @Test
    void dropTimeInterpolatesInLogTimeAndIsInfiniteWhenNeverReached() {
        double[] t = {1, 4, 16};
        double[] r = {1.0, 0.8, 0.2};
        assertThat(RiskCurves.dropTime(t, r, 3, 0.5)).isCloseTo(8.0, within(1e-12));
        assertThat(RiskCurves.dropTime(t, r, 3, 1.5)).isEqualTo(1.0);
        assertThat(RiskCurves.dropTime(t, r, 3, 0.1)).isInfinite();
    }

    @Test
    void powerLawFitRecoversExponentAndStandardError() {
        double[] x = {1, 0.3, 0.1, 0.03};
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = 2.0 * Math.pow(x[i], -0.5);
        }
        PowerLawFit f = PowerLawFit.of(x, y);
        assertThat(f.exponent()).isCloseTo(-0.5, within(1e-12));
        assertThat(f.stderr()).isCloseTo(0.0, within(1e-12));
        assertThat(f.prefactor()).isCloseTo(2.0, within(1e-12));
        double[] ln = {0, Math.log(2), Math.log(4)};
        double[] noisy = {Math.exp(0.1), Math.exp(ln[1] - 0.2), Math.exp(ln[2] + 0.1)};
        PowerLawFit g = PowerLawFit.of(new double[]{1, 2, 4}, noisy);
        double sxx = 2 * Math.log(2) * Math.log(2);
        assertThat(g.exponent()).isCloseTo(1.0, within(1e-12));
        assertThat(g.stderr()).isCloseTo(Math.sqrt((0.01 + 0.04 + 0.01) / sxx), within(1e-12));
        assertThat(PowerLawFit.of(new double[]{1, 2}, new double[]{1, Double.POSITIVE_INFINITY}).exponent()).isNaN();
    }

    /**
     * The two-layer instance of TwoLayerTest (φ = 0.6h₁ + 0.8h₂, σ = h₁ + 0.1h₂, d = 32, m = 64, ε = 10⁻³,
     * η = 0.1) recorded every 10 steps in mean-field time t = η·steps/m: the detector finds a plateau at R₁ = 0.32
     * and drop times with t₁ &lt; t₂ &lt; ∞.
     */
    @Test
    void detectorFindsThePlateauAtR1OnATwoLayerCurve() {
        HyperSpace none = HyperSpace.of();
        TwoLayer model = new TwoLayer(new TwoLayer.Spec(32, 64, Activation.hermite(PHI),
                Activation.hermite(0.0, 1.0, 0.1), TwoLayer.Gradient.POPULATION, 1, 1e-3, 0.0, 0.0), none);
        LangevinDynamics gd = new LangevinDynamics(Binding.of(none, "lr", 0.1), Binding.of(none, "temperature", 0));
        double[] theta = new double[model.dimension()];
        model.initTheta(theta, 0, new SplittableRandom(1));
        double[] scratch = new double[theta.length];
        SplittableRandom rng = new SplittableRandom(2);
        int n = 300;
        double[] t = new double[n];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            gd.run(model, theta, 0, new double[0], 0, new double[0], 0, 10, rng, scratch);
            t[i] = 0.1 * 10 * (i + 1) / 64.0;
            r[i] = model.populationRisk(theta, 0);
        }
        RiskCurves.Analysis a = new RiskCurves(RiskCurves.DEFAULT_BAND, RiskCurves.DEFAULT_SPAN)
                .analyse(t, r, n, RiskCurves.levels(PHI));
        assertThat(a.plateauLevels()[1]).isCloseTo(model.plateau(1), within(0.03));
        assertThat(a.dropTimes()[1]).isLessThan(0.2);
        assertThat(a.dropTimes()[2]).isGreaterThan(0.7).isLessThan(4.0);
    }
}
