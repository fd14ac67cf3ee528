package dev.popdyn.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Selection} rule must satisfy (Jenetics {@code *Tester} style): a subclass supplies the
 * rule and, when the rule may keep a diverged agent (it only looks at drawn opponents, or never replaces), says
 * when a diverged agent must be replaced. The tests run the rule on synthetic populations — fitness with ties,
 * histories of {@link #HISTORY} instant values around each agent's fitness, and diverged agents with fitness −∞ as
 * the engine produces them (their stale histories made the best of all, as a trap) — and check that donors are −1
 * or valid indices, never diverged, that the outcome is a pure function of (seed, generation, input), that other
 * generations and seeds give other draws, that inputs are not written, and that diverged agents are replaced.
 */
public abstract class SelectionContract {
    /** Instant fitness values per agent in the synthetic histories. */
    protected static final int HISTORY = 10;

    /** The rule under test. */
    protected abstract Selection selection();

    /**
     * Whether diverged agent {@code i} must be replaced in {@code in}. Default: whenever some agent is healthy.
     * Rules that only consider drawn opponents override this with "when one of its opponents is healthy".
     */
    protected boolean mustReplaceDiverged(Selection rule, SelectionInput in, int i) {
        return in.divergedCount() < in.n();
    }

    /**
     * A population of n agents with seeded fitness (rounded to create ties), {@code divergedCount} diverged agents
     * spread over the ids, and histories of {@link #HISTORY} values around each fitness.
     */
    protected static SelectionInput population(long seed, long generation, int n, int divergedCount) {
        SplittableRandom rng = Streams.of(seed, 0, n, Purpose.RUN);
        double[] fitness = new double[n];
        boolean[] diverged = new boolean[n];
        double[] history = new double[n * HISTORY];
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            fitness[i] = Math.rint(rng.nextGaussian() * 4) / 4;
            count[i] = HISTORY;
            for (int k = 0; k < HISTORY; k++) {
                history[i * HISTORY + k] = fitness[i] + 0.5 * rng.nextGaussian();
            }
        }
        int placed = 0;
        while (placed < divergedCount) {
            int i = rng.nextInt(n);
            if (!diverged[i]) {
                diverged[i] = true;
                fitness[i] = Double.NEGATIVE_INFINITY;
                Arrays.fill(history, i * HISTORY, (i + 1) * HISTORY, 1e6);
                placed++;
            }
        }
        return new SelectionInput(seed, generation, n, fitness, diverged, history, count, HISTORY);
    }

    private static SelectionInput withGeneration(SelectionInput in, long seed, long generation) {
        return new SelectionInput(seed, generation, in.n(), in.fitness().clone(), in.diverged().clone(),
                in.history().clone(), in.historyCount().clone(), in.historyLength());
    }

    /** Runs the rule with a donors array pre-filled with garbage, so every entry must be written. */
    protected static int[] run(Selection rule, SelectionInput in) {
        int[] donors = new int[in.n()];
        Arrays.fill(donors, Integer.MIN_VALUE);
        rule.select(in, donors);
        return donors;
    }

    @Test
    void nameIsAConfigChoice() {
        assertThat(Selections.registry().names()).contains(selection().name());
    }

    @Test
    void donorsAreMinusOneOrValidIndicesAndNeverDiverged() {
        Selection rule = selection();
        for (int diverged : new int[]{0, 1, 5, 20, 35, 39}) {
            for (long g = 1; g <= 20; g++) {
                SelectionInput in = population(11, g, 40, diverged);
                int[] donors = run(rule, in);
                for (int i = 0; i < in.n(); i++) {
                    assertThat(donors[i]).as("donor of %d (g %d, %d diverged)", i, g, diverged)
                            .isBetween(-1, in.n() - 1);
                    if (donors[i] >= 0) {
                        assertThat(in.diverged()[donors[i]]).as("donor %d of %d is diverged (g %d, %d diverged)",
                                donors[i], i, g, diverged).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void divergedAgentsAreReplacedWhenAHealthyDonorExists() {
        Selection rule = selection();
        for (int diverged : new int[]{1, 5, 20, 35, 39}) {
            for (long g = 1; g <= 20; g++) {
                SelectionInput in = population(12, g, 40, diverged);
                int[] donors = run(rule, in);
                for (int i = 0; i < in.n(); i++) {
                    if (in.diverged()[i] && mustReplaceDiverged(rule, in, i)) {
                        assertThat(donors[i]).as("diverged agent %d kept (g %d, %d diverged)", i, g, diverged)
                                .isNotNegative();
                    }
                }
            }
        }
    }

    @Test
    void allDivergedKeepsEveryone() {
        SelectionInput in = population(13, 1, 10, 10);
        assertThat(run(selection(), in)).containsOnly(-1);
    }

    @Test
    void sameSeedAndGenerationGiveTheSameDonors() {
        SelectionInput in = population(14, 3, 60, 4);
        int[] a = run(selection(), in);
        int[] b = run(selection(), withGeneration(in, 14, 3));
        assertThat(b).containsExactly(a);
    }

    @Test
    void otherGenerationsAndSeedsGiveOtherDraws() {
        Selection rule = selection();
        SelectionInput in = population(15, 1, 60, 0);
        int[] first = run(rule, in);
        boolean anyReplaced = false;
        boolean generationChanges = false;
        boolean seedChanges = false;
        for (long g = 2; g <= 6; g++) {
            int[] other = run(rule, withGeneration(in, 15, g));
            anyReplaced |= Arrays.stream(other).anyMatch(x -> x >= 0);
            generationChanges |= !Arrays.equals(first, other);
            seedChanges |= !Arrays.equals(run(rule, withGeneration(in, 15 + g, g)), other);
        }
        assumeTrue(anyReplaced, "rule never replaces anyone");
        assertThat(generationChanges).as("donors differ between generations").isTrue();
        assertThat(seedChanges).as("donors differ between seeds").isTrue();
    }

    @Test
    void inputsAreNotWritten() {
        SelectionInput in = population(16, 2, 50, 3);
        SelectionInput copy = withGeneration(in, 16, 2);
        run(selection(), in);
        assertThat(in.fitness()).containsExactly(copy.fitness());
        assertThat(in.diverged()).containsExactly(copy.diverged());
        assertThat(in.history()).containsExactly(copy.history());
        assertThat(in.historyCount()).containsExactly(copy.historyCount());
    }
}
