package dev.popdyn.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExperimentParams;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link Population} engine gives bit-identical results for 1 and 4 threads (docs/design.md §2): N = 5000 spans five
 * 1024-agent work chunks and two canonical 4096-agent blocks; step sizes up to 3 make some agents diverge. Every
 * summary value (timings excepted), every evaluated and next-generation array and every lineage array must agree
 * bit for bit, for each selection rule.
 */
class ThreadDeterminismTest {
    private static String config(String selection) {
        return "seed = 17, population = 5000, generations = 3\n"
                + "model { name = quadratic, dim = 2 }\n"
                + "fast { steps = 300 }\n"
                + "fitness { estimator = window, window = 3 }\n"
                + "hyper {\n"
                + "  lr { lo = 0.01, hi = 3, scale = log }\n"
                + "  reg { lo = 0, hi = 1 }\n"
                + "  temperature { lo = 0, hi = 0.5 }\n"
                + "}\n"
                + "selection { " + selection + " }\n"
                + "mutation { mode = all, sigma = 0.2, resample = 0.05 }";
    }

    private static List<GenerationResult> run(ExperimentParams p, int threads) {
        try (Population pop = new Population(p, threads)) {
            return pop.run();
        }
    }

    private static long[] bits(double[] a) {
        long[] out = new long[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = Double.doubleToRawLongBits(a[k]);
        }
        return out;
    }

    private static void assertSameBatch(AgentBatch a, AgentBatch b, String what) {
        assertThat(b.ids).as(what + " ids").containsExactly(a.ids);
        assertThat(bits(b.theta)).as(what + " theta").containsExactly(bits(a.theta));
        assertThat(bits(b.hyper)).as(what + " hyper").containsExactly(bits(a.hyper));
        assertThat(bits(b.history)).as(what + " history").containsExactly(bits(a.history));
        assertThat(b.historyCount).as(what + " historyCount").containsExactly(a.historyCount);
        assertThat(bits(b.state)).as(what + " state").containsExactly(bits(a.state));
        assertThat(b.age).as(what + " age").containsExactly(a.age);
        assertThat(b.status).as(what + " status").containsExactly(a.status);
        assertThat(bits(b.fitness)).as(what + " fitness").containsExactly(bits(a.fitness));
        assertThat(bits(b.fitnessInstant)).as(what + " fitnessInstant").containsExactly(bits(a.fitnessInstant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rule = boltzmann, alpha = 2.0, rate = 0.5", "rule = truncation, fraction = 0.25",
        "rule = tournament, size = 2", "rule = ttest, window = 3, pvalue = 0.2"})
    void oneAndFourThreadsAgreeBitForBit(String selection) {
        ExperimentParams p = ExperimentParams.parse(config(selection));
        List<GenerationResult> one = run(p, 1);
        List<GenerationResult> four = run(p, 4);
        assertThat(four).hasSameSizeAs(one);
        double diverged = 0;
        double exploited = 0;
        for (int g = 0; g < one.size(); g++) {
            GenerationResult a = one.get(g);
            GenerationResult b = four.get(g);
            String gen = "generation " + a.generation() + ": ";
            assertThat(b.generation()).isEqualTo(a.generation());
            assertThat(b.summary().names()).isEqualTo(a.summary().names());
            for (String col : a.summary().names()) {
                if (!col.startsWith("ms_")) {
                    assertThat(Double.doubleToRawLongBits(b.summary().get(col))).as(gen + col)
                            .isEqualTo(Double.doubleToRawLongBits(a.summary().get(col)));
                }
            }
            assertSameBatch(a.evaluated(), b.evaluated(), gen + "evaluated");
            assertSameBatch(a.next(), b.next(), gen + "next");
            Lineage la = a.lineage();
            Lineage lb = b.lineage();
            assertThat(lb.agentId).as(gen + "lineage agentId").containsExactly(la.agentId);
            assertThat(lb.donorId).as(gen + "lineage donorId").containsExactly(la.donorId);
            assertThat(lb.event).as(gen + "lineage event").containsExactly(la.event);
            assertThat(bits(lb.hyperBefore)).as(gen + "lineage hyperBefore").containsExactly(bits(la.hyperBefore));
            assertThat(bits(lb.hyperAfter)).as(gen + "lineage hyperAfter").containsExactly(bits(la.hyperAfter));
            assertThat(bits(lb.fitness)).as(gen + "lineage fitness").containsExactly(bits(la.fitness));
            assertThat(bits(lb.donorFitness)).as(gen + "lineage donorFitness").containsExactly(bits(la.donorFitness));
            diverged += a.summary().get("diverged");
            exploited += a.summary().get("exploited");
        }
        assertThat(diverged).as("the run exercises divergence").isPositive();
        assertThat(exploited).as("the run exercises exploitation").isPositive();
    }

    @Test
    void sameThreadCountTwiceAgrees() {
        ExperimentParams p = ExperimentParams.parse(config("rule = boltzmann, alpha = 1.0, rate = 1.0"));
        List<GenerationResult> a = run(p, 4);
        List<GenerationResult> b = run(p, 4);
        for (int g = 0; g < a.size(); g++) {
            assertSameBatch(a.get(g).next(), b.get(g).next(), "run twice, generation " + (g + 1));
        }
    }
}
