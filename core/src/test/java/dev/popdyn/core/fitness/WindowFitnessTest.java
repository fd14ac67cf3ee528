package dev.popdyn.core.fitness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowFitnessTest extends FitnessEstimatorContract {
    @Override
    protected FitnessEstimator estimator() {
        return new WindowFitness(3);
    }

    @Test
    void estimateIsTheMeanOfTheLastMValues() {
        double[] h = {100.0, -4.0, -1.0, -2.0, -6.0};
        assertThat(estimator().estimate(h, 0, 5, HYPER, 0)).isCloseTo(-3.0, within(1e-15));
        assertThat(estimator().historyLength()).isEqualTo(3);
    }

    @Test
    void shortHistoryAveragesWhatThereIs() {
        double[] h = {-4.0, -1.0, 100.0};
        assertThat(estimator().estimate(h, 0, 2, HYPER, 0)).isEqualTo(-2.5);
        assertThat(estimator().estimate(h, 0, 1, HYPER, 0)).isEqualTo(-4.0);
    }

    @Test
    void windowOfOneIsTheInstantFitness() {
        double[] h = {-4.0, -1.0, -7.5};
        assertThat(new WindowFitness(1).estimate(h, 0, 3, HYPER, 0))
                .isEqualTo(new InstantFitness().estimate(h, 0, 3, HYPER, 0));
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> new WindowFitness(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
