package dev.popdyn.core.fitness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link FitnessEstimator} must satisfy (Jenetics {@code *Tester} style): a subclass supplies
 * the estimator and says whether it reads the instant-fitness history. The tests check that the estimator is a pure
 * function of the agent's slice of the history and of λ, and, for history-based estimators, that a constant history
 * estimates that constant and that the estimate lies between the smallest and largest value of the history.
 */
public abstract class FitnessEstimatorContract {
    /** λ of the test agent: (reg, temperature) for estimators built over a quadratic model. */
    protected static final double[] HYPER = {0.5, 0.3};

    /** The estimator under test. */
    protected abstract FitnessEstimator estimator();

    /** Whether the estimate depends on the instant-fitness history (false for closed-form estimators). */
    protected boolean readsHistory() {
        return true;
    }

    /** A history of {@code count} values at offset {@code off}, NaN everywhere else. */
    private static double[] history(int off, double... values) {
        double[] h = new double[off + values.length + 3];
        Arrays.fill(h, Double.NaN);
        System.arraycopy(values, 0, h, off, values.length);
        return h;
    }

    @Test
    void nameIsAConfigChoice() {
        assertThat(Estimators.registry().names()).contains(estimator().name());
    }

    @Test
    void historyLengthIsPositive() {
        assertThat(estimator().historyLength()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void readsOnlyTheAgentsSliceAndWritesNothing() {
        FitnessEstimator e = estimator();
        double[] values = {-3.0, -1.5, -2.25, -0.5, -4.0, -1.0, -2.0};
        double[] h = history(4, values);
        double[] before = h.clone();
        double[] hyper = {Double.NaN, HYPER[0], HYPER[1]};
        double est = e.estimate(h, 4, values.length, hyper, 1);
        assertThat(est).isFinite();
        assertThat(h).containsExactly(before);
        assertThat(hyper).containsExactly(Double.NaN, HYPER[0], HYPER[1]);
        assertThat(e.estimate(values, 0, values.length, HYPER, 0)).isEqualTo(est);
    }

    @Test
    void constantHistoryEstimatesThatConstant() {
        assumeTrue(readsHistory(), "estimator ignores the history");
        FitnessEstimator e = estimator();
        for (int count = 1; count <= e.historyLength() + 2; count++) {
            double[] values = new double[count];
            Arrays.fill(values, -1.75);
            assertThat(e.estimate(values, 0, count, HYPER, 0)).as("count %d", count).isEqualTo(-1.75);
        }
    }

    @Test
    void estimateLiesBetweenTheExtremesOfTheHistory() {
        assumeTrue(readsHistory(), "estimator ignores the history");
        FitnessEstimator e = estimator();
        double[] values = {-3.0, -1.5, -2.25, -0.5, -4.0, -1.0, -2.0};
        for (int count = 1; count <= values.length; count++) {
            double est = e.estimate(values, 0, count, HYPER, 0);
            double lo = Arrays.stream(values, 0, count).min().getAsDouble();
            double hi = Arrays.stream(values, 0, count).max().getAsDouble();
            assertThat(est).as("count %d", count).isBetween(lo, hi);
        }
    }

    @Test
    void historyIndependentEstimatorsIgnoreTheHistory() {
        assumeFalse(readsHistory(), "estimator reads the history");
        FitnessEstimator e = estimator();
        double a = e.estimate(new double[]{-1.0}, 0, 1, HYPER, 0);
        double b = e.estimate(new double[]{-50.0, 3.0}, 0, 2, HYPER, 0);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void shiftingTheHistoryShiftsTheEstimate() {
        assumeTrue(readsHistory(), "estimator ignores the history");
        FitnessEstimator e = estimator();
        double[] values = {-3.0, -1.5, -2.25, -0.5, -4.0, -1.0, -2.0};
        double[] shifted = Arrays.stream(values).map(x -> x + 8.0).toArray();
        for (int count = 1; count <= values.length; count++) {
            assertThat(e.estimate(shifted, 0, count, HYPER, 0))
                    .isCloseTo(e.estimate(values, 0, count, HYPER, 0) + 8.0, within(1e-12));
        }
    }
}
