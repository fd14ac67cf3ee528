package dev.popdyn.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.dynamics.DqnDynamics;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExperimentParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PBT on DQN agents ({@code conf/examples/cartpole-small.conf}) through the single-JVM engine. */
class CartPolePbtTest {
    private static ExperimentParams small(String... overrides) {
        Path p = Path.of("..", "conf", "examples", "cartpole-small.conf");
        Path file = Files.exists(p) ? p : Path.of("conf", "examples", "cartpole-small.conf");
        return ExperimentParams.fromConfig(ConfigLoader.load(file, List.of(overrides)));
    }

    private static double[] slice(double[] a, int k, int len) {
        return Arrays.copyOfRange(a, k * len, (k + 1) * len);
    }

    @Test
    void oneGenerationReplacesTheBottomFifthWithFreshCopiesOfTopDonors() {
        ExperimentParams p = small();
        try (Population pop = new Population(p, 2)) {
            AgentBatch start = pop.initial();
            assertThat(start.s).isEqualTo(p.dynamics().stateSize());
            GenerationResult r = pop.step(start, 1);
            AgentBatch ev = r.evaluated();
            AgentBatch next = r.next();
            Lineage lin = r.lineage();
            int n = ev.n;
            int recipients = 0;
            for (int i = 0; i < n; i++) {
                assertThat(ev.status[i]).isEqualTo(AgentBatch.OK);
                assertThat(ev.fitnessInstant[i]).isBetween(1.0, 100.0);
                assertThat(ev.fitness[i]).isEqualTo(ev.fitnessInstant[i]);
                assertThat(ev.state[i * ev.s + DqnDynamics.ENV_STEPS]).isEqualTo(150.0);
            }
            int[] order = dev.popdyn.core.stats.Ranking.byFitnessDescending(ev.fitness, n);
            for (int i = 0; i < n; i++) {
                if (lin.donorId[i] >= 0) {
                    recipients++;
                    int donor = (int) lin.donorId[i];
                    assertThat(rankOf(order, i)).isGreaterThanOrEqualTo(n - 2);
                    assertThat(rankOf(order, donor)).isLessThan(2);
                    assertThat(slice(next.theta, i, next.d)).containsExactly(slice(ev.theta, donor, ev.d));
                    assertThat(slice(next.state, i, next.s)).containsOnly(0.0);
                    assertThat(next.historyCount[i]).isZero();
                    assertThat(next.age[i]).isZero();
                    assertThat(slice(lin.hyperBefore, i, ev.h)).containsExactly(slice(ev.hyper, i, ev.h));
                    assertThat(slice(lin.hyperAfter, i, ev.h)).containsExactly(slice(next.hyper, i, ev.h));
                } else {
                    assertThat(slice(next.theta, i, next.d)).containsExactly(slice(ev.theta, i, ev.d));
                    assertThat(slice(next.state, i, next.s)).containsExactly(slice(ev.state, i, ev.s));
                    assertThat(slice(next.hyper, i, next.h)).containsExactly(slice(ev.hyper, i, ev.h));
                    assertThat(next.state[i * next.s + DqnDynamics.INITIALISED]).isEqualTo(1.0);
                }
            }
            assertThat(recipients).isEqualTo(2);
            assertThat(r.summary()).isNotNull();

            GenerationResult r2 = pop.step(next, 2);
            for (int i = 0; i < n; i++) {
                double envSteps = r2.evaluated().state[i * ev.s + DqnDynamics.ENV_STEPS];
                assertThat(envSteps).isEqualTo(lin.donorId[i] >= 0 ? 150.0 : 300.0);
            }
        }
    }

    private static int rankOf(int[] order, int agent) {
        for (int r = 0; r < order.length; r++) {
            if (order[r] == agent) {
                return r;
            }
        }
        throw new AssertionError("agent " + agent + " not ranked");
    }

    @Test
    void oneAndFourThreadsAreBitIdentical() {
        ExperimentParams p = small("fast.steps = 60", "generations = 3");
        List<GenerationResult> one;
        List<GenerationResult> four;
        try (Population pop = new Population(p, 1)) {
            one = pop.run();
        }
        try (Population pop = new Population(p, 4)) {
            four = pop.run();
        }
        assertThat(one).hasSize(3);
        for (int g = 0; g < one.size(); g++) {
            for (AgentBatch[] pair : new AgentBatch[][]{{one.get(g).evaluated(), four.get(g).evaluated()},
                {one.get(g).next(), four.get(g).next()}}) {
                assertThat(pair[0].theta).isEqualTo(pair[1].theta);
                assertThat(pair[0].state).isEqualTo(pair[1].state);
                assertThat(pair[0].hyper).isEqualTo(pair[1].hyper);
                assertThat(pair[0].fitness).isEqualTo(pair[1].fitness);
                assertThat(pair[0].ids).isEqualTo(pair[1].ids);
            }
            assertThat(one.get(g).lineage().donorId).isEqualTo(four.get(g).lineage().donorId);
        }
    }
}
