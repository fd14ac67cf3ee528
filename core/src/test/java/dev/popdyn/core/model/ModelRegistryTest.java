package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every registered model has a {@link ModelContract} subclass testing a model of that name, and no other exists. */
class ModelRegistryTest {
    private static final Map<String, Supplier<ModelContract>> CONTRACTS = Map.of(
            "quadratic", QuadraticTest::new,
            "himmelblau", HimmelblauTest::new,
            "two-layer", TwoLayerTest::new,
            "logistic", LogisticModelTest::new,
            "mlp", MlpModelTest::new,
            "dqn-cartpole", DqnCartPoleTest::new);

    @Test
    void everyRegisteredModelHasItsContractTest() {
        assertThat(CONTRACTS.keySet()).containsExactlyInAnyOrderElementsOf(Models.names());
        CONTRACTS.forEach((name, contract) -> assertThat(contract.get().model().name()).as(name).isEqualTo(name));
    }
}
