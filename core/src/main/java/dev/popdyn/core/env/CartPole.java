package dev.popdyn.core.env;

import java.util.random.RandomGenerator;

/**
 * The classic cart-pole balancing task (Barto, Sutton, Anderson 1983, "Neuronlike adaptive elements that can solve
 * difficult learning control problems", IEEE Trans. SMC 13(5)) with the constants and explicit Euler integration of
 * OpenAI Gym's {@code CartPole-v1}: gravity g = 9.8, cart mass 1.0, pole mass 0.1, pole half-length l = 0.5, force
 * ±10 N, τ = 0.02 s. The state is (x, ẋ, ϑ, ϑ̇) in {@code s[off .. off+4)}; action 1 pushes right, 0 left. With
 * F = ±10, M = 1.1 (total mass) and p = 0.1·l (pole mass × half-length):
 *
 * <pre>
 *   t  = (F + p ϑ̇² sin ϑ) / M
 *   ϑ̈ = (g sin ϑ − cos ϑ · t) / (l (4/3 − 0.1 cos² ϑ / M))
 *   ẍ  = t − p ϑ̈ cos ϑ / M
 *   x ← x + τẋ,  ẋ ← ẋ + τẍ,  ϑ ← ϑ + τϑ̇,  ϑ̇ ← ϑ̇ + τϑ̈
 * </pre>
 *
 * The episode fails (terminates) when |x| &gt; 2.4 or |ϑ| &gt; 12° = 12·2π/360 rad; the reward is 1 for every step,
 * the failing one included, so an episode's return is its length. Capping episodes at a horizon (a time limit, not a
 * failure) is the caller's business. Stateless and thread-safe; no method allocates.
 */
public final class CartPole {
    /** Gravity g (m/s²). */
    public static final double GRAVITY = 9.8;
    /** Cart mass (kg). */
    public static final double CART_MASS = 1.0;
    /** Pole mass (kg). */
    public static final double POLE_MASS = 0.1;
    /** Pole half-length l (m). */
    public static final double HALF_LENGTH = 0.5;
    /** Magnitude of the push (N). */
    public static final double FORCE = 10.0;
    /** Integration step τ (s). */
    public static final double TAU = 0.02;
    /** Failure threshold on |x| (m). */
    public static final double X_LIMIT = 2.4;
    /** Failure threshold on |ϑ|: 12° in radians. */
    public static final double ANGLE_LIMIT = 12 * 2 * Math.PI / 360;
    /** Dimension of the state. */
    public static final int STATE_SIZE = 4;
    /** Number of actions (0 = push left, 1 = push right). */
    public static final int ACTIONS = 2;
    /** Reward of every step. */
    public static final double REWARD = 1.0;
    /** Half-width of the uniform initial state. */
    public static final double RESET_RANGE = 0.05;

    private static final double TOTAL_MASS = CART_MASS + POLE_MASS;
    private static final double POLE_MASS_LENGTH = POLE_MASS * HALF_LENGTH;

    private CartPole() {
    }

    /** Draws the initial state uniformly from [−0.05, 0.05]⁴ (four {@code nextDouble} calls, x first). */
    public static void reset(double[] s, int off, RandomGenerator rng) {
        for (int k = 0; k < STATE_SIZE; k++) {
            s[off + k] = rng.nextDouble(-RESET_RANGE, RESET_RANGE);
        }
    }

    /** Advances {@code s[off .. off+4)} by one Euler step under {@code action}; returns whether the episode failed. */
    public static boolean step(double[] s, int off, int action) {
        double x = s[off];
        double xDot = s[off + 1];
        double theta = s[off + 2];
        double thetaDot = s[off + 3];
        double force = action == 1 ? FORCE : -FORCE;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        s[off] = x + TAU * xDot;
        s[off + 1] = xDot + TAU * xAcc;
        s[off + 2] = theta + TAU * thetaDot;
        s[off + 3] = thetaDot + TAU * thetaAcc;
        return failed(s, off);
    }

    /** Whether the state is outside the track or the angle limit. */
    public static boolean failed(double[] s, int off) {
        double x = s[off];
        double theta = s[off + 2];
        return x < -X_LIMIT || x > X_LIMIT || theta < -ANGLE_LIMIT || theta > ANGLE_LIMIT;
    }
}
