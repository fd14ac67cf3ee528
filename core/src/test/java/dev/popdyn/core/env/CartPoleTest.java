package dev.popdyn.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CartPoleTest {
    /**
     * One Euler step written out independently from the equations of motion (Barto, Sutton, Anderson 1983, with the
     * Gym constants): M = m_c + m_p, F = ±10, ϑ̈ = (g sin ϑ − cos ϑ (F + m_p l ϑ̇² sin ϑ)/M) /
     * (l (4/3 − m_p cos² ϑ / M)), ẍ = (F + m_p l (ϑ̇² sin ϑ − ϑ̈ cos ϑ)) / M.
     */
    private static double[] expected(double x, double xDot, double th, double thDot, int action) {
        double g = 9.8;
        double mc = 1.0;
        double mp = 0.1;
        double l = 0.5;
        double f = action == 1 ? 10.0 : -10.0;
        double total = mc + mp;
        double thAcc = (g * Math.sin(th) - Math.cos(th) * (f + mp * l * thDot * thDot * Math.sin(th)) / total)
                / (l * (4.0 / 3.0 - mp * Math.cos(th) * Math.cos(th) / total));
        double xAcc = (f + mp * l * (thDot * thDot * Math.sin(th) - thAcc * Math.cos(th))) / total;
        return new double[]{x + 0.02 * xDot, xDot + 0.02 * xAcc, th + 0.02 * thDot, thDot + 0.02 * thAcc};
    }

    @Test
    void stepMatchesTheEquationsOfMotionForBothActions() {
        double[][] states = {
            {0.0, 0.0, 0.0, 0.0},
            {0.01, -0.03, 0.04, 0.02},
            {-1.3, 0.8, -0.15, 1.1},
        };
        for (double[] s0 : states) {
            for (int a = 0; a < 2; a++) {
                double[] s = {9.0, s0[0], s0[1], s0[2], s0[3]};
                boolean failed = CartPole.step(s, 1, a);
                double[] e = expected(s0[0], s0[1], s0[2], s0[3], a);
                assertThat(s[0]).isEqualTo(9.0);
                for (int k = 0; k < 4; k++) {
                    assertThat(s[1 + k]).as("state %s action %d coordinate %d", java.util.Arrays.toString(s0), a, k)
                            .isCloseTo(e[k], within(1e-12));
                }
                assertThat(failed).isFalse();
            }
        }
    }

    @Test
    void pushFromRestHasTheRationalAccelerations() {
        // From rest, F = +10: ẍ = 400/41, ϑ̈ = −600/41 (exact: 4/3 − 0.1/1.1 = 41/33).
        double[] s = new double[4];
        CartPole.step(s, 0, 1);
        assertThat(s[0]).isEqualTo(0.0);
        assertThat(s[1]).isCloseTo(0.02 * 400.0 / 41.0, within(1e-14));
        assertThat(s[2]).isEqualTo(0.0);
        assertThat(s[3]).isCloseTo(-0.02 * 600.0 / 41.0, within(1e-14));
        double[] t = new double[4];
        CartPole.step(t, 0, 0);
        assertThat(t[1]).isEqualTo(-s[1]);
        assertThat(t[3]).isEqualTo(-s[3]);
    }

    @Test
    void failsOutsideTheTrackAndTheTwelveDegreeLimit() {
        double limit = 12 * 2 * Math.PI / 360;
        assertThat(CartPole.ANGLE_LIMIT).isEqualTo(limit);
        assertThat(CartPole.failed(new double[]{2.4, 0, 0, 0}, 0)).isFalse();
        assertThat(CartPole.failed(new double[]{Math.nextUp(2.4), 0, 0, 0}, 0)).isTrue();
        assertThat(CartPole.failed(new double[]{-2.41, 0, 0, 0}, 0)).isTrue();
        assertThat(CartPole.failed(new double[]{0, 0, limit, 0}, 0)).isFalse();
        assertThat(CartPole.failed(new double[]{0, 0, -Math.nextUp(limit), 0}, 0)).isTrue();
        // x moves by τẋ in one step: from 2.39 at ẋ = 1 to 2.41, a failure.
        assertThat(CartPole.step(new double[]{2.39, 1.0, 0, 0}, 0, 1)).isTrue();
    }

    @Test
    void constantPushFallsWithinTenToTwentySteps() {
        double[] s = new double[4];
        int t = 0;
        boolean failed = false;
        while (!failed) {
            failed = CartPole.step(s, 0, 1);
            t++;
        }
        assertThat(t).isBetween(8, 20);
    }

    @Test
    void resetIsSeededAndUniformInTheBox() {
        double[] a = new double[4];
        double[] b = new double[4];
        CartPole.reset(a, 0, new SplittableRandom(5));
        CartPole.reset(b, 0, new SplittableRandom(5));
        assertThat(a).containsExactly(b);
        SplittableRandom rng = new SplittableRandom(6);
        double min = 1;
        double max = -1;
        for (int i = 0; i < 1000; i++) {
            CartPole.reset(a, 0, rng);
            for (double v : a) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(min).isGreaterThanOrEqualTo(-0.05).isLessThan(-0.049);
        assertThat(max).isLessThan(0.05).isGreaterThan(0.049);
    }
}
