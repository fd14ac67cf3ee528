package dev.popdyn.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.params.ExperimentParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a schedule replay reproduces, checked against the single-JVM engine (bit-identical to the Spark job), for
 * every agent of small populations: without selection every generation exactly; with truncation exactly through the
 * first exploit of the chain, and afterwards exactly only what the exploit's resets do not touch — the instant
 * fitness under stateless Langevin dynamics — while a window estimate and momentum dynamics differ.
 */
class ReplayScheduleTest {
    private static final String BASE = """
            seed = 21
            population = 16
            generations = 4
            model { name = quadratic, dim = 3 }
            fast { steps = 5, lr = 0.05, temperature = 0.1 }
            hyper { reg { lo = 0, hi = 3 }, temperature { lo = 0.01, hi = 0.3 } }
            mutation { sigma = 0.2 }
            """;

    /** The chain of {@code agent} at the last generation, built from in-memory results as Ancestry does. */
    static List<Ancestry.Step> chain(List<GenerationResult> rs, long agent) {
        List<Ancestry.Step> out = new ArrayList<>();
        long a = agent;
        boolean switched = false;
        for (int g = rs.size(); g >= 1; g--) {
            AgentBatch ev = rs.get(g - 1).evaluated();
            int k = slot(ev.ids, a);
            out.add(new Ancestry.Step(g, a, Arrays.copyOfRange(ev.hyper, k * ev.h, (k + 1) * ev.h), ev.fitness[k],
                    ev.fitnessInstant[k], ev.status[k] == AgentBatch.OK ? "ok" : "diverged", switched));
            switched = false;
            if (g > 1) {
                var lin = rs.get(g - 2).lineage();
                long donor = lin.donorId[slot(lin.agentId, a)];
                if (donor >= 0) {
                    a = donor;
                    switched = true;
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    private static int slot(long[] ids, long id) {
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] == id) {
                return k;
            }
        }
        throw new AssertionError("no agent " + id);
    }

    private static int firstSwitch(List<Ancestry.Step> c) {
        for (Ancestry.Step s : c) {
            if (s.exploitedAfter()) {
                return s.generation();
            }
        }
        return Integer.MAX_VALUE;
    }

    private interface Check {
        void on(List<Ancestry.Step> chain, List<ScheduleReplay.Generation> replay, int firstSwitch);
    }

    /** Replays every agent; returns how many chains switched at least once. */
    private static int forEveryAgent(String extra, Check check) {
        ExperimentParams p = ExperimentParams.parse(BASE + extra);
        List<GenerationResult> rs;
        try (Population pop = new Population(p, 1)) {
            rs = pop.run();
        }
        int switching = 0;
        for (long a = 0; a < p.population(); a++) {
            List<Ancestry.Step> c = chain(rs, a);
            int s = firstSwitch(c);
            switching += s < Integer.MAX_VALUE ? 1 : 0;
            check.on(c, ScheduleReplay.replay(p, c), s);
        }
        return switching;
    }

    @Test
    void withoutSelectionEveryGenerationIsReproducedExactly() {
        int switching = forEveryAgent("fitness { estimator = window, window = 2 }\nselection { rule = none }\n"
                + "mutation { mode = all }\n", (c, r, s) -> {
                    for (ScheduleReplay.Generation g : r) {
                        assertThat(g.exact()).as("generation " + g.original().generation()).isTrue();
                    }
                });
        assertThat(switching).isZero();
    }

    @Test
    void withTruncationExactThroughTheFirstExploitThenOnlyWhatTheResetsLeaveAlone() {
        int switching = forEveryAgent("fitness { estimator = window, window = 3 }\n"
                + "selection { rule = truncation, fraction = 0.5 }\n", (c, r, s) -> {
                    for (ScheduleReplay.Generation g : r) {
                        int gen = g.original().generation();
                        if (gen <= s) {
                            assertThat(g.exact()).as("generation " + gen).isTrue();
                        } else {
                            assertThat(g.fitnessInstant()).as("instant, generation " + gen)
                                    .isEqualTo(g.original().fitnessInstant());
                        }
                        if (gen == s + 1) {
                            assertThat(g.fitness()).as("window estimate right after the exploit")
                                    .isNotEqualTo(g.original().fitness());
                        }
                    }
                });
        assertThat(switching).isGreaterThan(4);
    }

    @Test
    void withMomentumTheTrajectoryDepartsAfterTheFirstExploit() {
        int switching = forEveryAgent("fast { dynamics = momentum, momentum = 0.9 }\n"
                + "selection { rule = truncation, fraction = 0.5 }\n", (c, r, s) -> {
                    for (ScheduleReplay.Generation g : r) {
                        int gen = g.original().generation();
                        if (gen <= s) {
                            assertThat(g.exact()).as("generation " + gen).isTrue();
                        }
                        if (gen == s + 1) {
                            assertThat(g.fitnessInstant()).as("instant right after the exploit")
                                    .isNotEqualTo(g.original().fitnessInstant());
                        }
                    }
                });
        assertThat(switching).isGreaterThan(4);
    }
}
