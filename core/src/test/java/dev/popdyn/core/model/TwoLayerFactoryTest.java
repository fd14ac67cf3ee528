package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.InvalidConfigException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TwoLayerFactoryTest {
    private static final String BASE = "population = 8, generations = 2, fast { steps = 20, lr = 0.5 }\n"
            + "model { name = two-layer, dim = 8, width = 4, batch = 16\n";

    @Test
    void isRegisteredWithDocumentedKeys() {
        assertThat(Models.names()).contains("two-layer");
        assertThat(Models.factory("two-layer").keys()).extracting(k -> k.path()).containsExactly("model.dim",
                "model.width", "model.target", "model.activation", "model.degree", "model.gradient", "model.batch",
                "model.eps", "model.init-overlap", "model.init-scale");
    }

    @Test
    void readsListsNamesAndTheEpsRole() {
        ExperimentParams p = ExperimentParams.parse(BASE + "target = [0, 0.6, 0.8], activation = tanh, "
                + "degree = 5, gradient = online, init-overlap = 0.25 }\n"
                + "hyper { eps { lo = 0.001, hi = 1, scale = log } }");
        TwoLayer m = (TwoLayer) p.model();
        assertThat(m.dimension()).isEqualTo(4 + 4 * 8);
        assertThat(m.hyperRoles()).containsExactly("eps");
        assertThat(m.spec().target().spec()).isEqualTo("[0.0, 0.6, 0.8]");
        assertThat(m.spec().activation().degree()).isEqualTo(5);
        assertThat(m.spec().gradient()).isEqualTo(TwoLayer.Gradient.ONLINE);
        assertThat(p.resolved()).containsEntry("model.target", "[0.0, 0.6, 0.8]");
        ExperimentParams text = ExperimentParams.parse(BASE + "target = \"0, 0.6, 0.8\" }");
        assertThat(((TwoLayer) text.model()).spec().target().spec()).isEqualTo("[0.0, 0.6, 0.8]");
        double[] theta = new double[m.dimension()];
        m.initTheta(theta, 0, new SplittableRandom(1));
        assertThat(m.overlaps(theta, 0).meanOverlap()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> ExperimentParams.parse(BASE + "target = softplus }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("model.target");
        assertThatThrownBy(() -> ExperimentParams.parse(BASE + "activation = [0, \"x\"] }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("model.activation");
        assertThatThrownBy(() -> ExperimentParams.parse(BASE + "eps = 0 }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("model.eps");
        assertThatThrownBy(() -> ExperimentParams.parse(BASE + "}\nhyper { eps { lo = 0, hi = 1 } }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("hyper.eps");
    }

    @Test
    void runsInThePopulationEngineKeepingUnitRows() {
        for (String mode : new String[]{"population", "online"}) {
            ExperimentParams p = ExperimentParams.parse(BASE + "gradient = " + mode + ", init-scale = 0.1 }\n"
                    + "hyper { eps { lo = 0.01, hi = 1, scale = log } }");
            try (Population pop = new Population(p, 2)) {
                List<GenerationResult> out = pop.run();
                AgentBatch last = out.get(out.size() - 1).evaluated();
                for (int k = 0; k < last.n; k++) {
                    assertThat(last.fitness[k]).isFinite().isNegative();
                    for (int j = 0; j < 4; j++) {
                        double n2 = 0;
                        for (int c = 0; c < 8; c++) {
                            double u = last.theta[k * last.d + 4 + j * 8 + c];
                            n2 += u * u;
                        }
                        assertThat(n2).isCloseTo(1.0, within(1e-12));
                    }
                }
            }
        }
    }
}
