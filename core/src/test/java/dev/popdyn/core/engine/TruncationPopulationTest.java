package dev.popdyn.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.HyperDim;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Truncation selection through the {@link Population} engine (docs/design.md §1.2, PBT): with N = 500 and q = 0.2 exactly
 * ⌈0.2·500⌉ = 100 agents exploit, they are the bottom 100 by (fitness, id), every donor is among the top 100, an
 * exploiting agent carries its donor's θ bit for bit (λ then mutated inside the box, history and age reset), and
 * with mutation only for recipients every other agent is untouched bit for bit.
 */
class TruncationPopulationTest {
    private static final int N = 500;
    private static final int K = 100;

    private static ExperimentParams params() {
        return ExperimentParams.parse("seed = 3, population = 500, generations = 2\n"
                + "model { name = quadratic, dim = 2 }\n"
                + "fast { steps = 5, lr = 0.1, temperature = 0.1 }\n"
                + "fitness { estimator = window, window = 3 }\n"
                + "hyper { reg { lo = 0, hi = 2 } }\n"
                + "selection { rule = truncation, fraction = 0.2 }\n"
                + "mutation { mode = recipients, sigma = 0.2 }");
    }

    private static long[] bits(double[] a, int from, int len) {
        long[] out = new long[len];
        for (int k = 0; k < len; k++) {
            out[k] = Double.doubleToRawLongBits(a[from + k]);
        }
        return out;
    }

    @Test
    void exactlyCeilQnAgentsExploitTheTopCeilQn() {
        ExperimentParams p = params();
        try (Population pop = new Population(p, 2)) {
            AgentBatch start = pop.initial();
            for (int g = 1; g <= 2; g++) {
                GenerationResult r = pop.step(start, g);
                check(p, r);
                start = r.next();
            }
        }
    }

    private static void check(ExperimentParams p, GenerationResult r) {
        AgentBatch ev = r.evaluated();
        AgentBatch next = r.next();
        Lineage lin = r.lineage();
        double[] f = ev.fitness;
        Integer[] order = IntStream.range(0, N).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -f[i]).thenComparingInt(i -> i));
        Set<Integer> top = new HashSet<>(Arrays.asList(order).subList(0, K));
        Set<Integer> bottom = new HashSet<>(Arrays.asList(order).subList(N - K, N));
        assertThat(f[order[K - 1]]).as("top and bottom are separated").isGreaterThan(f[order[N - K]]);

        int exploited = 0;
        for (int i = 0; i < N; i++) {
            assertThat(lin.agentId[i]).isEqualTo(ev.ids[i]);
            int d = (int) lin.donorId[i];
            int dh = i * ev.h;
            if (d >= 0) {
                exploited++;
                assertThat(bottom).as("recipient %d is in the bottom %d", i, K).contains(i);
                assertThat(top).as("donor %d of %d is in the top %d", d, i, K).contains(d);
                assertThat(lin.event[i]).isEqualTo(Lineage.EXPLOIT);
                assertThat(bits(next.theta, i * ev.d, ev.d)).as("θ of %d is its donor's", i)
                        .containsExactly(bits(ev.theta, d * ev.d, ev.d));
                assertThat(next.historyCount[i]).isZero();
                assertThat(next.age[i]).isZero();
                assertThat(lin.donorFitness[i]).isEqualTo(f[d]);
                assertThat(bits(lin.hyperBefore, dh, ev.h)).containsExactly(bits(ev.hyper, dh, ev.h));
                assertThat(bits(lin.hyperAfter, dh, ev.h)).containsExactly(bits(next.hyper, dh, ev.h));
                HyperDim reg = p.hyper().dim(0);
                assertThat(next.hyper[dh]).isBetween(reg.lo(), reg.hi());
            } else {
                assertThat(d).isEqualTo(-1);
                assertThat(bottom).as("kept %d is not in the bottom %d", i, K).doesNotContain(i);
                assertThat(lin.event[i]).isEqualTo(Lineage.KEEP);
                assertThat(bits(next.theta, i * ev.d, ev.d)).containsExactly(bits(ev.theta, i * ev.d, ev.d));
                assertThat(bits(next.hyper, dh, ev.h)).containsExactly(bits(ev.hyper, dh, ev.h));
                assertThat(bits(next.history, i * ev.m, ev.m)).containsExactly(bits(ev.history, i * ev.m, ev.m));
                assertThat(next.historyCount[i]).isEqualTo(ev.historyCount[i]);
                assertThat(next.age[i]).isEqualTo(ev.age[i]);
                assertThat(Double.isNaN(lin.donorFitness[i])).isTrue();
            }
        }
        assertThat(exploited).isEqualTo(K);
        assertThat(r.summary().get("exploited")).isEqualTo(K);
        assertThat(r.summary().get("n")).isEqualTo(N);
    }
}
