package dev.popdyn.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.popdyn.core.model.Model;
import dev.popdyn.core.model.Quadratic;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link FastDynamics} must satisfy (Jenetics {@code *Tester} style): a subclass supplies the
 * dynamics under test, built over {@link #space()}; by default the tests run it on a {@link Quadratic} model with
 * positive temperature (dynamics tied to another model override {@link #model()}, {@link #space()},
 * {@link #hyper()} and {@link #expectedTemperature()}) and check that it is a pure function of the random stream,
 * touches only the agent's slice of θ, never writes λ, reads the temperature from λ at the agent's offset, and stays
 * finite. Every entry of {@link Dynamics#registry()} has a subclass ({@code DynamicsRegistryTest}).
 */
public abstract class FastDynamicsContract {
    /** Fast steps per run in the contract tests. */
    protected static final int STEPS = 25;

    /** The hyperparameter space the dynamics and the model are built over: lr, reg and temperature. */
    protected HyperSpace space() {
        return HyperSpace.of(HyperDim.real("lr", 0.001, 0.5, Scale.LOG), HyperDim.real("reg", 0, 2, Scale.LINEAR),
                HyperDim.real("temperature", 0, 2, Scale.LINEAR));
    }

    /** λ = (lr, reg, temperature) of the test agent, in {@link #space()} order. */
    protected double[] hyper() {
        return new double[]{0.05, 0.5, 0.3};
    }

    /** The model the dynamics run on: a 3-dimensional quadratic reading reg from λ. */
    protected Model model() {
        return new Quadratic(3, 1.0, 0.5, 0.0, 1.0, space());
    }

    /** The dynamics under test, reading lr and temperature from λ of {@link #space()}. */
    protected abstract FastDynamics dynamics();

    /** The temperature the dynamics read from {@link #hyper()} (its temperature coordinate by default). */
    protected double expectedTemperature() {
        return 0.3;
    }

    /** Runs the dynamics on a copy of θ placed at offset {@code off} of a padded array, returns the padded array. */
    private double[] runPadded(double[] theta0, int off, long streamId) {
        FastDynamics dyn = dynamics();
        Model m = model();
        double[] padded = new double[theta0.length + off + 4];
        Arrays.fill(padded, -123.25);
        System.arraycopy(theta0, 0, padded, off, theta0.length);
        double[] hyper = new double[hyper().length + 1];
        hyper[0] = 99.0;
        System.arraycopy(hyper(), 0, hyper, 1, hyper().length);
        double[] state = new double[dyn.stateSize() + 2];
        dyn.run(m, padded, off, hyper, 1, state, 1, STEPS, Streams.of(5, 1, streamId, Purpose.FAST),
                new double[m.dimension()]);
        return padded;
    }

    /** A starting θ from the model's initialiser. */
    private double[] start() {
        Model m = model();
        double[] theta = new double[m.dimension()];
        m.initTheta(theta, 0, Streams.of(5, 0, 0, Purpose.INIT_THETA));
        return theta;
    }

    @Test
    void nameIsARegistryEntry() {
        assertThat(Dynamics.registry().names()).contains(dynamics().name());
    }

    /** What {@code trajectory.every} relies on: K steps run in chunks equal K steps run at once, draw for draw. */
    @Test
    void recordableDynamicsGiveTheSameResultInChunks() {
        FastDynamics dyn = dynamics();
        assumeTrue(dyn.recordable(), "dynamics cannot be recorded");
        Model m = model();
        double[] once = start();
        double[] chunked = start();
        double[] stateOnce = new double[dyn.stateSize()];
        double[] stateChunked = new double[dyn.stateSize()];
        dyn.run(m, once, 0, hyper(), 0, stateOnce, 0, STEPS, Streams.of(5, 1, 1, Purpose.FAST),
                new double[m.dimension()]);
        SplittableRandom rng = Streams.of(5, 1, 1, Purpose.FAST);
        for (int done = 0; done < STEPS; done += 10) {
            dyn.run(m, chunked, 0, hyper(), 0, stateChunked, 0, Math.min(10, STEPS - done), rng,
                    new double[m.dimension()]);
        }
        assertThat(chunked).containsExactly(once);
        assertThat(stateChunked).containsExactly(stateOnce);
    }

    @Test
    void sameStreamGivesTheSameTrajectory() {
        assertThat(runPadded(start(), 2, 1)).containsExactly(runPadded(start(), 2, 1));
    }

    @Test
    void differentStreamsGiveDifferentResultsAtPositiveTemperature() {
        assertThat(runPadded(start(), 2, 1)).isNotEqualTo(runPadded(start(), 2, 2));
    }

    @Test
    void resultDoesNotDependOnTheOffset() {
        double[] a = runPadded(start(), 0, 1);
        double[] b = runPadded(start(), 5, 1);
        int d = model().dimension();
        assertThat(Arrays.copyOfRange(b, 5, 5 + d)).containsExactly(Arrays.copyOfRange(a, 0, d));
    }

    @Test
    void onlyTheAgentSliceOfThetaIsWritten() {
        double[] out = runPadded(start(), 3, 1);
        for (int i = 0; i < out.length; i++) {
            if (i < 3 || i >= 3 + model().dimension()) {
                assertThat(out[i]).as("θ outside the slice at %d", i).isEqualTo(-123.25);
            } else {
                assertThat(out[i]).as("θ inside the slice at %d", i).isFinite();
            }
        }
    }

    @Test
    void lambdaIsNeverWritten() {
        FastDynamics dyn = dynamics();
        Model m = model();
        double[] hyper = hyper();
        double[] before = hyper.clone();
        double[] theta = start();
        dyn.run(m, theta, 0, hyper, 0, new double[dyn.stateSize()], 0, STEPS, Streams.of(5, 1, 1, Purpose.FAST),
                new double[m.dimension()]);
        assertThat(hyper).containsExactly(before);
    }

    @Test
    void temperatureIsReadFromLambdaAtTheOffset() {
        FastDynamics dyn = dynamics();
        double[] padded = new double[hyper().length + 2];
        padded[0] = 7.0;
        padded[1] = 8.0;
        System.arraycopy(hyper(), 0, padded, 2, hyper().length);
        assertThat(dyn.temperature(hyper(), 0)).isEqualTo(expectedTemperature());
        assertThat(dyn.temperature(padded, 2)).isEqualTo(expectedTemperature());
    }

    @Test
    void stateSizeIsNotNegative() {
        assertThat(dynamics().stateSize()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void manyAgentsStayFinite() {
        FastDynamics dyn = dynamics();
        Model m = model();
        double[] theta = new double[m.dimension()];
        for (long id = 0; id < 200; id++) {
            SplittableRandom init = Streams.of(5, 0, id, Purpose.INIT_THETA);
            m.initTheta(theta, 0, init);
            dyn.run(m, theta, 0, hyper(), 0, new double[dyn.stateSize()], 0, STEPS,
                    Streams.of(5, 1, id, Purpose.FAST), new double[m.dimension()]);
            assertThat(Arrays.stream(theta).allMatch(Double::isFinite)).as("agent %d finite", id).isTrue();
        }
    }
}
