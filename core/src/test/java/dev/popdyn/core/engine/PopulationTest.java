package dev.popdyn.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.params.ExperimentParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Engine-level behaviour of {@link Population}: the rolling instant-fitness history feeding the window estimator,
 * divergence detection and replacement, the reduced algorithm's Gibbs draws, and the initial population.
 */
class PopulationTest {
    private static List<GenerationResult> run(String hocon) {
        try (Population pop = new Population(ExperimentParams.parse(hocon), 2)) {
            return pop.run();
        }
    }

    /**
     * Window m = 3 while the t-test rule keeps 6 values (and never accepts at p = 1e-300): each agent's fitness in
     * generation g is the mean of its instant fitness of generations max(1, g − 2)..g.
     */
    @Test
    void windowFitnessIsTheMeanOfTheLastInstantValues() {
        List<GenerationResult> rs = run("seed = 2, population = 50, generations = 8\n"
                + "model { name = quadratic, dim = 2 }\n"
                + "fast { steps = 3, lr = 0.1, temperature = 0.5 }\n"
                + "fitness { estimator = window, window = 3 }\n"
                + "selection { rule = ttest, window = 6, pvalue = 1e-300 }");
        for (int g = 0; g < rs.size(); g++) {
            AgentBatch ev = rs.get(g).evaluated();
            assertThat(ev.m).isEqualTo(6);
            for (int i = 0; i < ev.n; i++) {
                assertThat(rs.get(g).lineage().donorId[i]).isEqualTo(-1);
                double s = 0;
                int from = Math.max(0, g - 2);
                for (int k = from; k <= g; k++) {
                    s += rs.get(k).evaluated().fitnessInstant[i];
                }
                assertThat(ev.fitness[i]).as("agent %d generation %d", i, g + 1)
                        .isCloseTo(s / (g - from + 1), within(1e-12));
                assertThat(ev.historyCount[i]).isEqualTo(Math.min(g + 1, 6));
                assertThat(ev.age[i]).isEqualTo(g + 1);
            }
        }
    }

    /**
     * With ρ = 0 a step multiplies θ − c by 1 − η: agents with η < 2 contract and stay healthy, agents with η > 4.5
     * grow by more than 3.5⁶⁰⁰ > 10³⁰⁸ and overflow. Overflowed agents are marked diverged with fitness −∞ and
     * replaced by healthy donors.
     */
    @Test
    void divergedAgentsAreMarkedAndReplaced() {
        List<GenerationResult> rs = run("seed = 4, population = 200, generations = 1\n"
                + "model { name = quadratic, dim = 2 }\n"
                + "fast { steps = 600, temperature = 0.01 }\n"
                + "hyper { lr { lo = 0.01, hi = 5, scale = log } }\n"
                + "selection { rule = truncation, fraction = 0.5 }");
        GenerationResult r = rs.get(0);
        AgentBatch ev = r.evaluated();
        int diverged = 0;
        for (int i = 0; i < ev.n; i++) {
            double lr = ev.hyper[i];
            if (lr > 4.5) {
                assertThat(ev.status[i]).as("agent %d with lr %s", i, lr).isEqualTo(AgentBatch.DIVERGED);
            }
            if (lr < 1.95) {
                assertThat(ev.status[i]).as("agent %d with lr %s", i, lr).isEqualTo(AgentBatch.OK);
            }
            if (ev.status[i] == AgentBatch.DIVERGED) {
                diverged++;
                assertThat(ev.fitness[i]).isEqualTo(Double.NEGATIVE_INFINITY);
                int d = (int) r.lineage().donorId[i];
                assertThat(d).isNotNegative();
                assertThat(ev.status[d]).isEqualTo(AgentBatch.OK);
                assertThat(r.next().status[i]).isEqualTo(AgentBatch.OK);
            }
        }
        assertThat(diverged).isPositive();
        assertThat(r.summary().get("diverged")).isEqualTo(diverged);
    }

    /** The reduced algorithm draws θ ~ N(c/(1+ρ), T/(1+ρ)) directly: moments within 4 standard errors. */
    @Test
    void reducedAlgorithmDrawsFromTheGibbsLaw() {
        List<GenerationResult> rs = run("seed = 8, population = 5000, generations = 1, algorithm = reduced\n"
                + "model { name = quadratic, dim = 2, center = 1.5, reg = 0.5 }\n"
                + "fast { temperature = 0.6 }\n"
                + "fitness.estimator = effective\n"
                + "selection.rule = none");
        double[] theta = rs.get(0).evaluated().theta;
        int n = theta.length;
        double mean = 0;
        for (double t : theta) {
            mean += t;
        }
        mean /= n;
        double ss = 0;
        for (double t : theta) {
            ss += (t - mean) * (t - mean);
        }
        double var = ss / (n - 1);
        double expectedVar = 0.6 / 1.5;
        assertThat(mean).isCloseTo(1.5 / 1.5, within(4 * Math.sqrt(expectedVar / n)));
        assertThat(var).isCloseTo(expectedVar, within(4 * expectedVar * Math.sqrt(2.0 / (n - 1))));
        double m = 1.0 - 0.5;
        double effective = -0.5 * (2 * m * m + 2 * 0.6 / 1.5);
        assertThat(rs.get(0).evaluated().fitness).containsOnly(effective);
    }

    @Test
    void initialPopulationHasIdsInOrderAndEmptyHistories() {
        ExperimentParams p = ExperimentParams.parse("seed = 1, population = 30\n"
                + "hyper { reg { lo = 0, hi = 2 } }");
        try (Population pop = new Population(p, 1)) {
            AgentBatch b = pop.initial();
            for (int i = 0; i < 30; i++) {
                assertThat(b.ids[i]).isEqualTo(i);
                assertThat(b.historyCount[i]).isZero();
                assertThat(b.age[i]).isZero();
                assertThat(b.status[i]).isEqualTo(AgentBatch.OK);
                assertThat(b.hyper[i]).isBetween(0.0, 2.0);
            }
        }
    }
}
