package dev.popdyn.core.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExperimentParams;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every registered mutation kernel has a {@link MutationContract} subclass, and the kernel a config names is built
 * as an instance of the class that contract tests.
 */
class MutationRegistryTest {
    private static final Map<String, List<Supplier<MutationContract>>> CONTRACTS = Map.of(
            "reflect", List.of(ReflectingGaussianMutationTest::new, NarrowReflectingGaussianMutationTest::new),
            "clip", List.of(ClippingGaussianMutationTest::new));

    @Test
    void everyRegisteredKernelHasItsContractTests() {
        assertThat(CONTRACTS.keySet()).containsExactlyInAnyOrderElementsOf(Mutations.registry().names());
        CONTRACTS.forEach((name, contracts) -> {
            Mutation built = ExperimentParams.parse("mutation.boundary = " + name).mutation();
            assertThat(built.name()).isEqualTo(name);
            for (Supplier<MutationContract> c : contracts) {
                Mutation tested = c.get().mutation();
                assertThat(tested.name()).as(name).isEqualTo(name);
                assertThat(built).isInstanceOf(tested.getClass());
            }
        });
    }
}
