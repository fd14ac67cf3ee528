package dev.popdyn.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.data.TestData;
import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.DenseClassifier;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.model.Quadratic;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MomentumSgd}: the fast-dynamics contract (μ = 0.9, lr and temperature from λ), and the recursion. */
class MomentumSgdTest extends FastDynamicsContract {
    @TempDir
    Path tmp;

    @Override
    protected FastDynamics dynamics() {
        HyperSpace s = space();
        return new MomentumSgd(Binding.of(s, "lr", 1.0), Binding.of(s, "momentum", 0.9),
                Binding.of(s, "temperature", 9.0), model().dimension());
    }

    private static final HyperSpace NONE = new HyperSpace(List.of());

    @Test
    void followsTheHeavyBallRecursionOnAQuadratic() {
        Model q = new Quadratic(1, 1.0, 0.5, 0.0, 1.0, NONE);
        double eta = 0.1;
        double mu = 0.8;
        MomentumSgd m = new MomentumSgd(Binding.of(NONE, "lr", eta), Binding.of(NONE, "momentum", mu),
                Binding.of(NONE, "temperature", 0.0), 1);
        double[] theta = {3.0};
        double[] state = new double[1];
        m.run(q, theta, 0, new double[0], 0, state, 0, 25, new SplittableRandom(1), new double[1]);
        double th = 3.0;
        double v = 0.0;
        for (int s = 0; s < 25; s++) {
            v = mu * v + (th - 1.0);
            th -= eta * v;
        }
        assertThat(theta[0]).isCloseTo(th, within(1e-14));
        assertThat(state[0]).isCloseTo(v, within(1e-14));
        assertThat(m.stateSize()).isEqualTo(1);
    }

    @Test
    void zeroMomentumIsLangevin() {
        Model q = new Quadratic(3, 1.0, 0.5, 0.2, 1.0, NONE);
        MomentumSgd m = new MomentumSgd(Binding.of(NONE, "lr", 0.05), Binding.of(NONE, "momentum", 0.0),
                Binding.of(NONE, "temperature", 0.3), 3);
        LangevinDynamics l = new LangevinDynamics(Binding.of(NONE, "lr", 0.05), Binding.of(NONE, "temperature",
                0.3));
        double[] a = {1, 2, 3};
        double[] b = a.clone();
        m.run(q, a, 0, new double[0], 0, new double[3], 0, 40, new SplittableRandom(5), new double[3]);
        l.run(q, b, 0, new double[0], 0, new double[0], 0, 40, new SplittableRandom(5), new double[3]);
        assertThat(a).containsExactly(b, within(1e-12));
    }

    private String config(Path data, String extra) {
        return "seed = 3, population = 6, generations = 2\n"
                + "model { name = logistic, data = \"" + data + "\", batch = 16 }\n"
                + "fast { steps = 5, dynamics = momentum }\n"
                + "hyper { lr { lo = 0.01, hi = 0.5, scale = log }, momentum { lo = 0.5, hi = 0.95 },\n"
                + "  l2 { lo = 1e-5, hi = 1e-1, scale = log }, batch { lo = 8, hi = 64, type = int } }\n"
                + extra;
    }

    @Test
    void exploitResetsTheVelocity() {
        Path data = TestData.gaussian(200, 40, 3, 3, 4).write(tmp.resolve("g.pdds"));
        ExperimentParams p = ExperimentParams.parse(config(data, ""));
        assertThat(p.dynamics()).isInstanceOf(MomentumSgd.class);
        assertThat(p.model()).isInstanceOf(DenseClassifier.class);
        assertThat(p.dynamics().stateSize()).isEqualTo(p.model().dimension()).isEqualTo(3 * 3 + 3);
        assertThat(p.resolved()).containsEntry("fast.dynamics", "momentum");
        AgentBatch b = AgentOps.newBatch(p, 6);
        for (int k = 0; k < 6; k++) {
            AgentOps.init(p, b, k, k);
        }
        AgentOps.fastPhase(p, b, 0, 6, 1);
        int s = b.s;
        double norm = 0;
        for (int i = 2 * s; i < 3 * s; i++) {
            norm += Math.abs(b.state[i]);
        }
        assertThat(norm).as("velocity after a fast phase").isGreaterThan(0);
        double[] donorTheta = java.util.Arrays.copyOfRange(b.theta, 5 * b.d, 6 * b.d);
        b.exploit(2, b, 5);
        for (int i = 2 * s; i < 3 * s; i++) {
            assertThat(b.state[i]).isZero();
        }
        assertThat(java.util.Arrays.copyOfRange(b.theta, 2 * b.d, 3 * b.d)).containsExactly(donorTheta);
        assertThat(b.state[5 * s]).isNotZero();
    }

    @Test
    void langevinConfigsKeepTheirHashAndRejectAMomentumCoordinate() {
        ExperimentParams q = ExperimentParams.parse("model { name = quadratic }");
        assertThat(q.resolved()).doesNotContainKeys("fast.dynamics", "fast.momentum");
        assertThat(q.dynamics()).isInstanceOf(LangevinDynamics.class);
        assertThatThrownBy(() -> ExperimentParams.parse("model { name = quadratic }\n"
                + "hyper { momentum { lo = 0.1, hi = 0.9 } }")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("hyper.momentum");
        Path data = TestData.gaussian(50, 10, 2, 2, 4).write(tmp.resolve("h.pdds"));
        assertThatThrownBy(() -> ExperimentParams.parse(config(data, "").replace("hi = 0.95", "hi = 1.5")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("hyper.momentum.hi");
        assertThatThrownBy(() -> ExperimentParams.parse(config(tmp.resolve("missing.pdds"), "")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("model.data");
    }
}
