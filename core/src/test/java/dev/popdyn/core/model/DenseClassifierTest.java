package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.data.TestData;
import dev.popdyn.core.linalg.DenseKernels;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseClassifierTest {
    private static final HyperSpace NONE = new HyperSpace(List.of());

    private static DenseClassifier model(String name, int[] hidden, DenseClassifier.Hidden act,
            DenseClassifier.Output out, int k, int batch, double l2) {
        DataSet ds = TestData.gaussian(700, 50, 5, k, 3);
        return new DenseClassifier(new DenseClassifier.Spec(name, hidden, act, out, batch, l2, 1.0), ds, NONE);
    }

    /** max |analytic − central difference| relative to max(1, |g|), h = 1e-6, same minibatch for every call. */
    private static void checkGradient(DenseClassifier m) {
        int d = m.dimension();
        double[] theta = new double[d];
        m.initTheta(theta, 0, new SplittableRandom(11));
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < d; i++) {
            theta[i] += 0.3 * r.nextGaussian();
        }
        double[] hyper = new double[0];
        double[] grad = new double[d];
        m.lossAndGradient(theta, 0, hyper, 0, grad, new SplittableRandom(99));
        double[] tmp = new double[d];
        double h = 1e-6;
        double worst = 0;
        for (int i = 0; i < d; i++) {
            double t = theta[i];
            theta[i] = t + h;
            double lp = m.lossAndGradient(theta, 0, hyper, 0, tmp, new SplittableRandom(99));
            theta[i] = t - h;
            double lm = m.lossAndGradient(theta, 0, hyper, 0, tmp, new SplittableRandom(99));
            theta[i] = t;
            double fd = (lp - lm) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - grad[i]) / Math.max(1.0, Math.abs(grad[i])));
        }
        assertThat(worst).as("worst relative gradient error of " + m.name()).isLessThan(1e-6);
    }

    @Test
    void logisticBinaryGradientMatchesFiniteDifferences() {
        checkGradient(model("logistic", new int[0], DenseClassifier.Hidden.RELU, DenseClassifier.Output.SIGMOID, 2,
                10_000, 0.1));
        checkGradient(model("logistic", new int[0], DenseClassifier.Hidden.RELU, DenseClassifier.Output.SIGMOID, 2,
                40, 0.1));
    }

    @Test
    void logisticMultinomialGradientMatchesFiniteDifferences() {
        checkGradient(model("logistic", new int[0], DenseClassifier.Hidden.RELU, DenseClassifier.Output.SOFTMAX, 3,
                10_000, 0.1));
        checkGradient(model("logistic", new int[0], DenseClassifier.Hidden.RELU, DenseClassifier.Output.SOFTMAX, 4,
                600, 0.0));
    }

    @Test
    void mlpReluGradientMatchesFiniteDifferences() {
        checkGradient(model("mlp", new int[]{7, 6}, DenseClassifier.Hidden.RELU, DenseClassifier.Output.SOFTMAX, 3,
                10_000, 0.05));
        checkGradient(model("mlp", new int[]{8}, DenseClassifier.Hidden.RELU, DenseClassifier.Output.SOFTMAX, 2,
                33, 0.05));
    }

    @Test
    void mlpTanhAndSigmoidGradientsMatchFiniteDifferences() {
        checkGradient(model("mlp", new int[]{6, 5}, DenseClassifier.Hidden.TANH, DenseClassifier.Output.SOFTMAX, 3,
                10_000, 0.05));
        checkGradient(model("mlp", new int[]{6}, DenseClassifier.Hidden.SIGMOID, DenseClassifier.Output.SOFTMAX, 3,
                64, 0.05));
    }

    @Test
    void blasAndLoopsAgree() {
        DataSet ds = TestData.gaussian(1300, 50, 5, 3, 3);
        DenseClassifier.Spec spec = new DenseClassifier.Spec("mlp", new int[]{9, 4}, DenseClassifier.Hidden.TANH,
                DenseClassifier.Output.SOFTMAX, 5000, 0.01, 1.0);
        DenseClassifier a = new DenseClassifier(spec, ds, NONE, DenseKernels.blas());
        DenseClassifier b = new DenseClassifier(spec, ds, NONE, DenseKernels.loops());
        double[] theta = new double[a.dimension()];
        a.initTheta(theta, 0, new SplittableRandom(1));
        double[] ga = new double[a.dimension()];
        double[] gb = new double[a.dimension()];
        double la = a.lossAndGradient(theta, 0, new double[0], 0, ga, new SplittableRandom(2));
        double lb = b.lossAndGradient(theta, 0, new double[0], 0, gb, new SplittableRandom(2));
        assertThat(la).isCloseTo(lb, within(1e-12));
        for (int i = 0; i < ga.length; i++) {
            assertThat(ga[i]).isCloseTo(gb[i], within(1e-12));
        }
    }

    @Test
    void bindsBatchAndL2ByNameAndReportsFitnessAndAccuracy() {
        DataSet ds = TestData.gaussian(300, 80, 4, 3, 8);
        HyperSpace space = new HyperSpace(List.of(HyperDim.real("l2", 1e-5, 1, Scale.LOG),
                HyperDim.integer("batch", 8, 512, Scale.LOG)));
        DenseClassifier m = new DenseClassifier(new DenseClassifier.Spec("logistic", new int[0],
                DenseClassifier.Hidden.RELU, DenseClassifier.Output.SOFTMAX, 16, 0.0, 0.0), ds, space);
        double[] hyper = new double[2];
        hyper[space.indexOf("l2")] = 0.01;
        hyper[space.indexOf("batch")] = 1000;
        assertThat(m.batchSize(hyper, 0)).isEqualTo(300);
        assertThat(m.l2(hyper, 0)).isEqualTo(0.01);
        double[] theta = new double[m.dimension()];
        assertThat(m.fitness(theta, 0, hyper, 0, null)).isCloseTo(-Math.log(3), within(1e-12));
        double[] grad = new double[m.dimension()];
        for (int s = 0; s < 300; s++) {
            m.lossAndGradient(theta, 0, hyper, 0, grad, null);
            for (int i = 0; i < grad.length; i++) {
                theta[i] -= 0.5 * grad[i];
            }
        }
        assertThat(m.fitness(theta, 0, hyper, 0, null)).isEqualTo(-m.validationLogLoss(theta, 0))
                .isGreaterThan(-Math.log(3));
        assertThat(m.accuracy(theta, 0)).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
        double[] probs = new double[80 * 3];
        m.probabilities(theta, 0, ds.validationX(), 0, 80, probs);
        assertThat(probs[0] + probs[1] + probs[2]).isCloseTo(1.0, within(1e-12));
    }
}
