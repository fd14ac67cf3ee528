package dev.popdyn.core.fitness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExperimentParams;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every registered fitness estimator has a {@link FitnessEstimatorContract} subclass for each class it builds
 * ({@code effective} builds the closed form or, for models without one, the numerical estimate), and the estimator
 * a config names is built as an instance of a tested class.
 */
class EstimatorRegistryTest {
    private static final Map<String, List<Supplier<FitnessEstimatorContract>>> CONTRACTS = Map.of(
            "instant", List.of(InstantFitnessTest::new),
            "window", List.of(WindowFitnessTest::new),
            "kernel", List.of(KernelFitnessTest::new),
            "effective", List.of(EffectiveFitnessTest::new, NumericalEffectiveFitnessTest::new));

    @Test
    void everyRegisteredEstimatorHasItsContractTests() {
        assertThat(CONTRACTS.keySet()).containsExactlyInAnyOrderElementsOf(Estimators.registry().names());
        CONTRACTS.forEach((name, contracts) -> {
            List<Class<?>> tested = contracts.stream().<Class<?>>map(c -> c.get().estimator().getClass()).toList();
            contracts.forEach(c -> assertThat(c.get().estimator().name()).as(name).isEqualTo(name));
            for (String model : List.of("quadratic", "himmelblau")) {
                FitnessEstimator built = ExperimentParams.parse("model.name = " + model + "\nfitness.estimator = "
                        + name).estimator();
                assertThat(tested).as(name + " with " + model).contains(built.getClass());
            }
        });
    }
}
