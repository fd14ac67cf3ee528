package dev.popdyn.core.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExperimentParams;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every registered selection rule has a {@link SelectionContract} subclass, and the rule a config names is built as
 * an instance of the class that contract tests.
 */
class SelectionRegistryTest {
    private static final Map<String, Supplier<SelectionContract>> CONTRACTS = Map.of(
            "truncation", TruncationSelectionTest::new,
            "boltzmann", BoltzmannSelectionTest::new,
            "tournament", TournamentSelectionTest::new,
            "ttest", TTestSelectionTest::new,
            "none", NoSelectionTest::new);

    @Test
    void everyRegisteredRuleHasItsContractTest() {
        assertThat(CONTRACTS.keySet()).containsExactlyInAnyOrderElementsOf(Selections.registry().names());
        CONTRACTS.forEach((name, contract) -> {
            Selection tested = contract.get().selection();
            assertThat(tested.name()).as(name).isEqualTo(name);
            assertThat(ExperimentParams.parse("selection.rule = " + name).selection()).as(name)
                    .isInstanceOf(tested.getClass());
        });
    }

    @Test
    void theRuleKeyAllowsExactlyTheRegisteredRules() {
        assertThat(Selections.RULE.allowed()).isEqualTo("one of " + String.join(", ",
                Selections.registry().names()));
    }
}
