package dev.popdyn.core.fitness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstantFitnessTest extends FitnessEstimatorContract {
    @Override
    protected FitnessEstimator estimator() {
        return new InstantFitness();
    }

    @Test
    void estimateIsTheMostRecentValue() {
        double[] h = {9.0, -3.0, -1.5, -2.25, 9.0};
        assertThat(estimator().estimate(h, 1, 3, HYPER, 0)).isEqualTo(-2.25);
        assertThat(estimator().estimate(h, 1, 1, HYPER, 0)).isEqualTo(-3.0);
        assertThat(estimator().historyLength()).isEqualTo(1);
    }
}
