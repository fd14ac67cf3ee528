package dev.popdyn.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExperimentParams;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every registered fast dynamics has a {@link FastDynamicsContract} subclass, and the config that selects it builds
 * an instance of the class that contract tests.
 */
class DynamicsRegistryTest {
    /** A registered name, the config that selects it, and its contract test. */
    private record Entry(String config, Supplier<FastDynamicsContract> contract) {
    }

    private static final Map<String, Entry> CONTRACTS = Map.of(
            "langevin", new Entry("fast.dynamics = langevin", LangevinDynamicsTest::new),
            "momentum", new Entry("fast.dynamics = momentum", MomentumSgdTest::new),
            "gibbs", new Entry("algorithm = reduced", GibbsDrawTest::new),
            "dqn", new Entry("model.name = dqn-cartpole", DqnDynamicsTest::new));

    @Test
    void everyRegisteredDynamicsHasItsContractTest() {
        assertThat(CONTRACTS.keySet()).containsExactlyInAnyOrderElementsOf(Dynamics.registry().names());
        CONTRACTS.forEach((name, e) -> {
            FastDynamics tested = e.contract().get().dynamics();
            assertThat(tested.name()).as(name).isEqualTo(name);
            assertThat(ExperimentParams.parse(e.config()).dynamics()).as(name).isInstanceOf(tested.getClass());
        });
    }

    @Test
    void fastDynamicsChoosesAmongTheChoices() {
        assertThat(Dynamics.DYNAMICS.allowed()).isEqualTo("one of " + String.join(", ",
                Dynamics.choices().names()));
        assertThat(Dynamics.registry().names()).containsAll(Dynamics.choices().names());
    }
}
