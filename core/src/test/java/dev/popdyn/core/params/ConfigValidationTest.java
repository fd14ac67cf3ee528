package dev.popdyn.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/**
 * Every rejected configuration gets an {@link InvalidConfigException} whose key names the offending config path and
 * whose message has the form {@code key: problem (allowed)} (docs/design.md §3). One test per rejected case; boundary values
 * that must be accepted are checked alongside.
 */
class ConfigValidationTest {
    private static final String BASE = "seed = 1\npopulation = 20\ngenerations = 2\nmodel { name = quadratic }\n";

    private static InvalidConfigException rejected(String extra) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> ExperimentParams.parse(BASE + extra));
        assertThat(e).as("config rejected: %s", extra).isNotNull();
        return e;
    }

    /** Asserts rejection naming {@code key}, in the form {@code key: problem (allowed)}; returns the message. */
    private static String assertRejected(String extra, String key) {
        InvalidConfigException e = rejected(extra);
        assertThat(e.key()).as("key of: %s", e.getMessage()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ").matches("(?s).+: .+ \\(.+\\)");
        return e.getMessage();
    }

    private static void assertAccepted(String extra) {
        assertThatCode(() -> ExperimentParams.parse(BASE + extra)).as("accepted: %s", extra)
                .doesNotThrowAnyException();
    }

    @Test
    void baseConfigIsValid() {
        assertAccepted("");
    }

    @Test
    void reversedBounds() {
        assertThat(assertRejected("hyper.reg { lo = 2, hi = 1 }", "hyper.reg")).contains("lo < hi");
    }

    @Test
    void emptyBounds() {
        assertRejected("hyper.reg { lo = 1, hi = 1 }", "hyper.reg");
    }

    @Test
    void zeroLowerBoundOnLogScale() {
        assertRejected("hyper.reg { lo = 0, hi = 1, scale = log }", "hyper.reg.lo");
    }

    @Test
    void negativeLowerBoundOnLogScale() {
        assertRejected("hyper.reg { lo = -0.5, hi = 1, scale = log }", "hyper.reg.lo");
    }

    @Test
    void zeroPopulation() {
        assertRejected("population = 0", "population");
    }

    @Test
    void negativePopulation() {
        assertRejected("population = -5", "population");
    }

    @Test
    void nonIntegerPopulation() {
        assertThat(assertRejected("population = 10.5", "population")).contains("not an integer");
    }

    @Test
    void nonNumericPopulation() {
        assertRejected("population = ten", "population");
    }

    @Test
    void negativeFastSteps() {
        assertRejected("fast.steps = -1", "fast.steps");
        assertAccepted("fast.steps = 0");
    }

    @Test
    void zeroTruncationFraction() {
        assertRejected("selection.fraction = 0", "selection.fraction");
    }

    @Test
    void truncationFractionAboveOneHalf() {
        assertThat(assertRejected("selection.fraction = 0.6", "selection.fraction")).contains("(0, 0.5]");
        assertAccepted("selection.fraction = 0.5");
    }

    @Test
    void negativeBoltzmannAlpha() {
        assertRejected("selection { rule = boltzmann, alpha = -0.1 }", "selection.alpha");
        assertAccepted("selection { rule = boltzmann, alpha = 0 }");
    }

    @Test
    void zeroBoltzmannRate() {
        assertRejected("selection { rule = boltzmann, rate = 0 }", "selection.rate");
    }

    @Test
    void boltzmannRateAboveOne() {
        assertRejected("selection { rule = boltzmann, rate = 1.5 }", "selection.rate");
        assertAccepted("selection { rule = boltzmann, rate = 1 }");
    }

    @Test
    void notANumber() {
        assertThat(assertRejected("fast.lr = NaN", "fast.lr")).contains("not finite");
    }

    @Test
    void quotedNotANumber() {
        assertRejected("fast.lr = \"NaN\"", "fast.lr");
    }

    @Test
    void infinity() {
        assertRejected("fast.lr = Infinity", "fast.lr");
    }

    @Test
    void negativeInfinity() {
        assertRejected("model.center = -Infinity", "model.center");
    }

    @Test
    void numberOverflowingToInfinity() {
        assertRejected("fast.lr = 1e400", "fast.lr");
    }

    @Test
    void populationOverflowingToInfinity() {
        assertRejected("population = 1e400", "population");
    }

    @Test
    void notANumberAsABound() {
        assertRejected("hyper.reg { lo = NaN, hi = 1 }", "hyper.reg.lo");
    }

    @Test
    void infiniteBound() {
        assertRejected("hyper.reg { lo = 0, hi = 1e400 }", "hyper.reg.hi");
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        assertThat(assertRejected("model.name = resnet", "model.name")).contains("quadratic", "himmelblau");
    }

    @Test
    void unknownSelectionRuleListsTheKnownOnes() {
        assertThat(assertRejected("selection.rule = roulette", "selection.rule"))
                .contains("truncation", "boltzmann", "tournament", "ttest", "none");
    }

    @Test
    void unknownMutationBoundaryListsTheKnownOnes() {
        assertThat(assertRejected("mutation.boundary = wrap", "mutation.boundary")).contains("reflect", "clip");
    }

    @Test
    void unknownEstimatorListsTheKnownOnes() {
        assertThat(assertRejected("fitness.estimator = oracle", "fitness.estimator"))
                .contains("instant", "window", "effective");
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(assertRejected("populaton = 30", "populaton")).contains("population");
    }

    @Test
    void unknownKeyInASection() {
        assertThat(assertRejected("fast.lrr = 0.1", "fast.lrr")).contains("fast.lr");
    }

    @Test
    void modelKeyOfAnotherModel() {
        assertThat(assertRejected("model { name = himmelblau, dim = 3 }", "model.dim")).contains("himmelblau");
    }

    @Test
    void unknownKeyInAHyperCoordinate() {
        assertRejected("hyper.reg { lo = 0, hi = 1, step = 2 }", "hyper.reg.step");
    }

    @Test
    void hyperCoordinateNoComponentReads() {
        assertThat(assertRejected("hyper.momentum { lo = 0, hi = 1 }", "hyper.momentum")).contains("reg");
    }

    @Test
    void hyperCoordinateTheModelDoesNotRead() {
        assertRejected("model.name = himmelblau\nhyper.reg { lo = 0, hi = 1 }", "hyper.reg");
    }

    @Test
    void negativeTemperature() {
        assertRejected("fast.temperature = -0.1", "fast.temperature");
        assertAccepted("fast.temperature = 0");
    }

    @Test
    void negativeTemperatureCoordinate() {
        assertRejected("hyper.temperature { lo = -1, hi = 1 }", "hyper.temperature.lo");
    }

    @Test
    void nonPositiveLearningRateCoordinate() {
        assertRejected("hyper.lr { lo = 0, hi = 1 }", "hyper.lr.lo");
    }

    @Test
    void reducedAlgorithmWithHimmelblau() {
        assertThat(assertRejected("algorithm = reduced\nmodel.name = himmelblau", "algorithm")).contains("himmelblau");
        assertAccepted("algorithm = reduced");
    }

    @Test
    void effectiveEstimatorWithHimmelblau() {
        assertThat(assertRejected("fitness.estimator = effective\nmodel.name = himmelblau\nfast.dynamics = momentum",
                "fitness.estimator")).contains("himmelblau");
        assertAccepted("fitness.estimator = effective\nmodel.name = himmelblau");
        assertAccepted("fitness.estimator = effective");
    }

    @Test
    void intCoordinateWithFractionalBounds() {
        assertRejected("hyper.reg { lo = 0.5, hi = 3, type = int }", "hyper.reg");
    }

    @Test
    void categoricalLevelsNotIncreasing() {
        assertRejected("hyper.reg { type = categorical, levels = [1, 0.5, 2] }", "hyper.reg.levels");
    }

    @Test
    void priorOutsideTheBox() {
        assertRejected("hyper.reg { lo = 0, hi = 1, init = 2 }", "hyper.reg.init");
    }

    @Test
    void unknownExecutionKey() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> ExecutionParams.fromConfig(ConfigFactory.parseString("execution.thread = 4")));
        assertThat(e.key()).isEqualTo("execution.thread");
        assertThat(e.getMessage()).contains("execution.threads");
    }

    @Test
    void checkpointEveryIsAtLeastOneAndCheckpointsFallOnMultiplesAndTheLastGeneration() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> ExecutionParams.fromConfig(ConfigFactory.parseString("execution.checkpoint-every = 0")));
        assertThat(e.key()).isEqualTo("execution.checkpoint-every");
        assertThat(e.getMessage()).contains("value 0 is out of range");
        assertThat(ExecutionParams.fromConfig(ConfigFactory.empty()).checkpointEvery()).isEqualTo(10);
        ExecutionParams every3 = ExecutionParams.fromConfig(ConfigFactory.parseString(
                "execution.checkpoint-every = 3"));
        assertThat(java.util.stream.IntStream.rangeClosed(1, 8).filter(g -> every3.writesCheckpoint(g, 8)).boxed()
                .toList()).containsExactly(3, 6, 8);
        ExecutionParams every1 = every3.withCheckpointEvery(1);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 4).allMatch(g -> every1.writesCheckpoint(g, 4)))
                .isTrue();
    }

    @Test
    void sameValuesGiveTheSameHashAndDefaultsAreExplicit() {
        ExperimentParams a = ExperimentParams.parse(BASE);
        ExperimentParams b = ExperimentParams.parse(BASE + "fast.steps = 100\nexecution.threads = 3");
        assertThat(b.sha256()).isEqualTo(a.sha256());
        ExperimentParams c = ExperimentParams.parse(BASE + "fast.steps = 101");
        assertThat(ExperimentParams.differingKeys(a.resolved(), c.resolved())).containsExactly("fast.steps");
    }
}
