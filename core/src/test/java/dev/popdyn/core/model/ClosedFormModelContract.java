package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import org.junit.jupiter.api.Test;

/**
 * The {@link ModelContract} of a model whose loss and fitness are written out in docs/design.md §1.4: a subclass
 * also supplies both formulas (the oracles), and the returned loss and fitness must match them to rounding
 * (relative 1e-12) at 20 initial points.
 */
public abstract class ClosedFormModelContract extends ModelContract {
    /** The training loss L(θ; λ) written out from its definition in docs/design.md §1.4 (the oracle). */
    protected abstract double expectedLoss(double[] theta, double[] hyper);

    /** The instant fitness F(θ, λ) written out from its definition in docs/design.md §1.4 (the oracle). */
    protected abstract double expectedFitness(double[] theta, double[] hyper);

    @Test
    void returnedLossAndFitnessMatchTheDefiningFormulas() {
        Model m = model();
        double[] hyper = hyper();
        for (long id = 0; id < 20; id++) {
            double[] theta = startingPoint(m, id);
            double expected = expectedLoss(theta, hyper);
            assertThat(loss(m, theta, hyper)).as("loss at agent %d", id)
                    .isCloseTo(expected, within(1e-12 * Math.max(1.0, Math.abs(expected))));
            double f = expectedFitness(theta, hyper);
            assertThat(m.fitness(theta, 0, hyper, 0, Streams.of(7, 1, id, Purpose.FITNESS))).as("F at agent %d", id)
                    .isCloseTo(f, within(1e-12 * Math.max(1.0, Math.abs(f))));
        }
    }

}
