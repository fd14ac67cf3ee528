package dev.popdyn.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import org.junit.jupiter.api.Test;

class GibbsDrawTest extends FastDynamicsContract {
    @Override
    protected FastDynamics dynamics() {
        return new GibbsDraw(Binding.of(space(), "temperature", 9.0));
    }

    @Test
    void resultIgnoresTheStartingPointAndTheStepCount() {
        FastDynamics dyn = dynamics();
        Model m = model();
        double[] a = {0.2, -0.7, 1.5};
        double[] b = {-5.0, 5.0, 0.0};
        dyn.run(m, a, 0, hyper(), 0, new double[0], 0, 1, Streams.of(1, 1, 1, Purpose.FAST), new double[3]);
        dyn.run(m, b, 0, hyper(), 0, new double[0], 0, 500, Streams.of(1, 1, 1, Purpose.FAST), new double[3]);
        assertThat(a).containsExactly(b);
    }

    @Test
    void isOneDrawFromTheModelsGibbsLawAtTheAgentsTemperature() {
        FastDynamics dyn = dynamics();
        Model m = model();
        double[] a = new double[3];
        double[] b = new double[3];
        dyn.run(m, a, 0, hyper(), 0, new double[0], 0, 7, Streams.of(1, 1, 1, Purpose.FAST), new double[3]);
        m.sampleGibbs(b, 0, hyper(), 0, 0.3, Streams.of(1, 1, 1, Purpose.FAST));
        assertThat(a).containsExactly(b);
    }
}
