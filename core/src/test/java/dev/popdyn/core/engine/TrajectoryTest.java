package dev.popdyn.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.popdyn.core.model.TwoLayer;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Risk-curve recording in the fast phase ({@link Trajectory}): results are bit-identical with recording on and off,
 * records sit at the documented global steps and hold the exact population risk and overlaps of the two-layer model.
 */
class TrajectoryTest {
    static final String TWO_LAYER = """
            seed = 5, population = 12, generations = 3
            model { name = two-layer, dim = 6, width = 5, gradient = online, batch = 8, init-scale = 0.3 }
            fast { steps = 25, lr = 0.05 }
            hyper { eps { lo = 0.1, hi = 1, scale = log } }
            selection { rule = truncation, fraction = 0.25 }
            """;

    private static List<GenerationResult> run(String hocon, int threads) {
        try (Population pop = new Population(ExperimentParams.parse(hocon), threads)) {
            return pop.run();
        }
    }

    private static void assertSameResults(List<GenerationResult> a, List<GenerationResult> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int g = 0; g < a.size(); g++) {
            for (AgentBatch[] pair : new AgentBatch[][]{{a.get(g).evaluated(), b.get(g).evaluated()},
                {a.get(g).next(), b.get(g).next()}}) {
                assertThat(pair[0].theta).isEqualTo(pair[1].theta);
                assertThat(pair[0].hyper).isEqualTo(pair[1].hyper);
                assertThat(pair[0].state).isEqualTo(pair[1].state);
                assertThat(pair[0].fitness).isEqualTo(pair[1].fitness);
                assertThat(pair[0].fitnessInstant).isEqualTo(pair[1].fitnessInstant);
            }
            assertThat(a.get(g).lineage().donorId).isEqualTo(b.get(g).lineage().donorId);
        }
    }

    @Test
    void recordingDoesNotChangeTwoLayerResults() {
        List<GenerationResult> off = run(TWO_LAYER, 2);
        List<GenerationResult> on = run(TWO_LAYER + "trajectory.every = 10\n", 2);
        assertSameResults(off, on);
        for (GenerationResult r : off) {
            assertThat(r.trajectory()).isEmpty();
        }
    }

    @Test
    void recordingDoesNotChangeMomentumResults() {
        String q = """
                seed = 3, population = 20, generations = 2
                model { name = quadratic, dim = 3 }
                fast { steps = 9, dynamics = momentum, temperature = 0.2 }
                hyper { lr { lo = 0.01, hi = 0.1, scale = log } }
                """;
        List<GenerationResult> off = run(q, 1);
        List<GenerationResult> on = run(q + "trajectory.every = 4\n", 3);
        assertSameResults(off, on);
        for (GenerationResult r : on) {
            List<Trajectory.Point> pts = r.trajectory();
            assertThat(pts).hasSize(20 * 3);
            for (Trajectory.Point pt : pts) {
                assertThat(pt.risk()).isFinite().isNotNegative();
                assertThat(pt.meanOverlap()).isNaN();
            }
        }
    }

    /**
     * K = 25, k = 10: records after 10, 20 and 25 steps of each generation, global steps (g − 1)·25 + {10, 20, 25};
     * the last record of a generation is the risk and overlaps of the evaluated θ.
     */
    @Test
    void recordsSitAtGlobalStepsAndHoldThePopulationRisk() {
        ExperimentParams p = ExperimentParams.parse(TWO_LAYER + "trajectory.every = 10\n");
        TwoLayer model = (TwoLayer) p.model();
        try (Population pop = new Population(p, 2)) {
            List<GenerationResult> rs = pop.run();
            for (GenerationResult r : rs) {
                int g = r.generation();
                List<Trajectory.Point> pts = r.trajectory();
                AgentBatch ev = r.evaluated();
                assertThat(pts).hasSize(ev.n * 3);
                for (int i = 0; i < ev.n; i++) {
                    long base = (g - 1) * 25L;
                    assertThat(pts.subList(3 * i, 3 * i + 3)).extracting(Trajectory.Point::step)
                            .containsExactly(base + 10, base + 20, base + 25);
                    Trajectory.Point last = pts.get(3 * i + 2);
                    assertThat(last.agentId()).isEqualTo(ev.ids[i]);
                    assertThat(last.generation()).isEqualTo(g);
                    assertThat(last.risk()).isEqualTo(model.populationRisk(ev.theta, i * ev.d));
                    TwoLayer.Overlaps o = model.overlaps(ev.theta, i * ev.d);
                    assertThat(last.meanAbsOverlap()).isEqualTo(o.meanAbsOverlap());
                    assertThat(last.maxAbsOverlap()).isEqualTo(o.maxAbsOverlap());
                    assertThat(last.meanA()).isEqualTo(o.meanA());
                }
            }
        }
    }

    @Test
    void recordingIsRefusedForTheReducedAlgorithm() {
        assertThatThrownBy(() -> ExperimentParams.parse("""
                model { name = quadratic, dim = 2 }
                algorithm = reduced
                fast.temperature = 0.1
                trajectory.every = 5
                """)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("trajectory.every");
    }

    @Test
    void theKeyEntersTheHashOnlyWhenOn() {
        String base = "model { name = quadratic, dim = 2 }\n";
        assertThat(ExperimentParams.parse(base + "trajectory.every = 0\n").sha256())
                .isEqualTo(ExperimentParams.parse(base).sha256());
        assertThat(ExperimentParams.parse(base + "trajectory.every = 3\n").sha256())
                .isNotEqualTo(ExperimentParams.parse(base).sha256());
    }
}
