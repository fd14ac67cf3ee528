package dev.popdyn.core.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.params.ExperimentParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rank-block W1 agrees with {@link Wasserstein}'s one-pass formulas (only the summation order differs), in 1-D on
 * a log axis and sliced in 2-D, with several blocks; and the reference starts from the prior.
 */
class ReferenceW1Test {
    @Test
    void blockedW1MatchesOnePassW1In1D() {
        MeanFieldGrid1D g = new MeanFieldGrid1D(-3, 0, 300);
        ReplicatorMutator1D ref = new ReplicatorMutator1D(g, x -> -(x + 1.2) * (x + 1.2));
        ref.setGaussian(-1.5, 0.3);
        ref.stepDiscrete(2.0, 0.1);
        SplittableRandom r = new SplittableRandom(9);
        int n = 3 * ReferenceW1.BLOCK + 17;
        double[] lambda = new double[n];
        double[] axis = new double[n];
        for (int i = 0; i < n; i++) {
            axis[i] = Math.max(-3, Math.min(0, -1.4 + 0.6 * r.nextGaussian()));
            lambda[i] = Math.pow(10, axis[i]);
        }
        MeanFieldGrid1D logGrid = MeanFieldGrid1D.of(dev.popdyn.core.params.HyperDim.real("lr", 0.001, 1,
                dev.popdyn.core.params.Scale.LOG), 300);
        ReplicatorMutator1D logRef = new ReplicatorMutator1D(logGrid, x -> 0.0);
        logRef.setMasses(ref.masses());
        double blocked = ReferenceW1.of(logRef).w1(lambda, 1, n);
        for (int i = 0; i < n; i++) {
            axis[i] = StrictMath.log10(lambda[i]);
        }
        double onePass = Wasserstein.w1(axis, logRef);
        assertThat(blocked).isPositive().isCloseTo(onePass, within(1e-12 * onePass));
    }

    @Test
    void blockedSlicedW1MatchesOnePassIn2D() {
        MeanFieldGrid2D g = new MeanFieldGrid2D(new MeanFieldGrid1D(0, 3, 40), new MeanFieldGrid1D(-1, 1, 30));
        ReplicatorMutator2D ref = new ReplicatorMutator2D(g, (x, y) -> -(x - 1) * (x - 1) - y * y);
        ref.stepDiscrete(1.0, 0.2);
        SplittableRandom r = new SplittableRandom(4);
        int n = ReferenceW1.BLOCK + 1000;
        double[] xy = new double[2 * n];
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = 3 * r.nextDouble();
            ys[i] = -1 + 2 * r.nextDouble() * r.nextDouble();
            xy[2 * i] = xs[i];
            xy[2 * i + 1] = ys[i];
        }
        double blocked = ReferenceW1.of(ref).w1(xy, 2, n);
        double onePass = Wasserstein.slicedW1(xs, ys, ref);
        assertThat(blocked).isPositive().isCloseTo(onePass, within(1e-12 * onePass));
    }

    @Test
    void referenceStartsFromThePriorAndSteps() {
        ExperimentParams p = ExperimentParams.parse("""
                model { name = quadratic, dim = 2 }
                algorithm = reduced
                fast { temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3, init = "uniform(2, 3)" } }
                fitness { estimator = effective }
                selection { rule = boltzmann, alpha = 5, rate = 1 }
                mutation { sigma = 0.05, mode = all }
                """);
        assertThat(MeanFieldReference.autoBlocker(p)).isNull();
        MeanFieldReference ref = MeanFieldReference.forParams(p);
        ref.targetAt(0);
        assertThat(ref.solver1D().mean()).isCloseTo(2.5, within(1e-4));
        assertThat(ref.solver1D().grid().cells()).isEqualTo(400);
        ref.targetAt(5);
        double m5 = ref.solver1D().mean();
        assertThat(m5).isLessThan(2.49);
        ref.targetAt(2);
        ref.targetAt(5);
        assertThat(ref.solver1D().mean()).isEqualTo(m5);
        ExperimentParams truncation = ExperimentParams.parse("hyper { reg { lo = 0, hi = 3 } }");
        assertThat(MeanFieldReference.autoBlocker(truncation)).contains("boltzmann");
        assertThat(MeanFieldReference.forParams(truncation)).isNull();
    }
}
