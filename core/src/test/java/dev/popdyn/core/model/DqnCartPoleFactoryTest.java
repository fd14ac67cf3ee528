package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.popdyn.core.dynamics.DqnDynamics;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.select.TruncationSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DqnCartPoleFactoryTest {
    private static final String HYPER = "hyper {\n"
            + "  lr { lo = 1e-5, hi = 1e-2, scale = log }\n"
            + "  decay { lo = 500, hi = 5000 }\n"
            + "  batch { type = categorical, levels = [32, 64, 128] }\n"
            + "}\n";

    /** An example config, from the module directory (surefire) or the repository root. */
    static Path example(String name) {
        Path p = Path.of("..", "conf", "examples", name);
        return Files.exists(p) ? p : Path.of("conf", "examples", name);
    }

    @Test
    void isRegisteredWithDocumentedKeys() {
        assertThat(Models.names()).contains("dqn-cartpole");
        assertThat(Models.factory("dqn-cartpole").keys()).extracting(k -> k.path()).containsExactly("model.horizon",
                "model.hidden", "model.gamma", "model.replay", "model.target-every", "model.lr", "model.decay",
                "model.batch");
        for (var k : Models.factory("dqn-cartpole").keys()) {
            assertThat(k.doc()).isNotBlank();
        }
    }

    @Test
    void defaultsAreTheSeedSetupAndPickDqnDynamics() {
        ExperimentParams p = ExperimentParams.parse("model { name = dqn-cartpole }");
        DqnCartPole m = (DqnCartPole) p.model();
        assertThat(m.spec()).isEqualTo(DqnCartPole.Spec.seed());
        assertThat(m.dimension()).isEqualTo(4610);
        assertThat(p.dynamics()).isInstanceOf(DqnDynamics.class);
        assertThat(p.dynamics().stateSize()).isEqualTo(58_842);
        assertThat(p.resolved()).containsEntry("model.horizon", "100").containsEntry("model.replay", "5000");
        assertThat(m.lr(new double[0], 0)).isEqualTo(1e-3);
        assertThat(m.decay(new double[0], 0)).isEqualTo(1000.0);
        assertThat(m.batch(new double[0], 0)).isEqualTo(64);
    }

    @Test
    void bindsTheHyperRolesLrDecayAndBatch() {
        ExperimentParams p = ExperimentParams.parse("model { name = dqn-cartpole }\n" + HYPER);
        DqnCartPole m = (DqnCartPole) p.model();
        assertThat(m.hyperRoles()).containsExactlyInAnyOrder("lr", "decay", "batch");
        assertThat(p.hyper().names()).containsExactly("batch", "decay", "lr");
        double[] hyper = {63.6, 750.0, 3e-4};
        assertThat(m.batch(hyper, 0)).isEqualTo(64);
        assertThat(m.decay(hyper, 0)).isEqualTo(750.0);
        assertThat(m.lr(hyper, 0)).isEqualTo(3e-4);
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> ExperimentParams.parse("model { name = dqn-cartpole, replay = 50, batch = 64 }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("model.batch");
        assertThatThrownBy(() -> ExperimentParams.parse("model { name = dqn-cartpole, gamma = 1.5 }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("model.gamma");
        assertThatThrownBy(() -> ExperimentParams.parse("model { name = dqn-cartpole, width = 3 }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("model.width");
        assertThatThrownBy(() -> ExperimentParams.parse("model { name = dqn-cartpole, replay = 100 }\n"
                + "hyper { batch { type = categorical, levels = [32, 64, 128] } }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("hyper.batch.hi");
        assertThatThrownBy(() -> ExperimentParams.parse("model { name = dqn-cartpole }\n"
                + "hyper { decay { lo = 0, hi = 10 } }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("hyper.decay.lo");
        assertThatThrownBy(() -> ExperimentParams.parse("model { name = dqn-cartpole }\n"
                + "hyper { reg { lo = 0, hi = 1 } }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("hyper.reg");
        assertThatThrownBy(() -> ExperimentParams.parse("model { name = dqn-cartpole }, algorithm = reduced"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("algorithm");
    }

    @Test
    void exampleConfigsDescribeTheSeedSetup() {
        ExperimentParams pbt = ExperimentParams.fromConfig(ConfigLoader.load(example("cartpole-pbt.conf"),
                List.of()));
        assertThat(pbt.population()).isEqualTo(500);
        assertThat(pbt.generations()).isEqualTo(10);
        assertThat(pbt.steps()).isEqualTo(500);
        assertThat(pbt.model()).isInstanceOf(DqnCartPole.class);
        assertThat(((DqnCartPole) pbt.model()).spec()).isEqualTo(DqnCartPole.Spec.seed());
        assertThat(pbt.dynamics()).isInstanceOf(DqnDynamics.class);
        assertThat(pbt.hyper().names()).containsExactly("batch", "decay", "lr");
        assertThat(((TruncationSelection) pbt.selection()).topCount(500)).isEqualTo(100);
        assertThat(pbt.resolved()).containsEntry("mutation.boundary", "clip").containsEntry("mutation.sigma", "0.1")
                .containsEntry("mutation.mode", "recipients").containsEntry("fitness.estimator", "window");
        ExperimentParams small = ExperimentParams.fromConfig(ConfigLoader.load(example("cartpole-small.conf"),
                List.of()));
        assertThat(small.population()).isEqualTo(8);
        assertThat(small.generations()).isEqualTo(2);
        assertThat(small.dynamics()).isInstanceOf(DqnDynamics.class);
    }
}
