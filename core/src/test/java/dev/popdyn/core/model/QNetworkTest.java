package dev.popdyn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.linalg.DenseKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QNetworkTest {
    private static final int N = 4;
    private static final int H = 7;
    private static final int A = 2;
    private static final int B = 5;

    /** Q(x)_a by plain scalar loops over the documented layout. */
    private static double naiveQ(QNetwork net, double[] w, int woff, double[] x, int xoff, int a) {
        int n = net.inputs();
        int h = net.hidden();
        double[] h1 = new double[h];
        double[] h2 = new double[h];
        for (int j = 0; j < h; j++) {
            double z = w[woff + net.b1() + j];
            for (int i = 0; i < n; i++) {
                z += w[woff + net.w1() + j * n + i] * x[xoff + i];
            }
            h1[j] = Math.max(0, z);
        }
        for (int j = 0; j < h; j++) {
            double z = w[woff + net.b2() + j];
            for (int i = 0; i < h; i++) {
                z += w[woff + net.w2() + j * h + i] * h1[i];
            }
            h2[j] = Math.max(0, z);
        }
        double q = w[woff + net.b3() + a];
        for (int i = 0; i < h; i++) {
            q += w[woff + net.w3() + a * h + i] * h2[i];
        }
        return q;
    }

    private static double naiveLoss(QNetwork net, double[] w, double[] x, int[] actions, double[] targets) {
        double s = 0;
        for (int b = 0; b < actions.length; b++) {
            double r = naiveQ(net, w, 0, x, b * net.inputs(), actions[b]) - targets[b];
            s += r * r;
        }
        return s / actions.length;
    }

    @Test
    void layoutAndDimension() {
        QNetwork net = new QNetwork(4, 64, 2, DenseKernels.blas());
        assertThat(net.dimension()).isEqualTo(64 * 4 + 64 + 64 * 64 + 64 + 2 * 64 + 2).isEqualTo(4610);
        assertThat(net.b3() + 2).isEqualTo(net.dimension());
    }

    @Test
    void initIsUniformWithinTheFanInBounds() {
        QNetwork net = new QNetwork(4, 64, 2, DenseKernels.blas());
        double[] w = new double[net.dimension()];
        net.init(w, 0, new SplittableRandom(3));
        for (int k = 0; k < net.w2(); k++) {
            assertThat(Math.abs(w[k])).isLessThan(0.5);
        }
        double max = 0;
        for (int k = net.w2(); k < net.dimension(); k++) {
            max = Math.max(max, Math.abs(w[k]));
        }
        assertThat(max).isLessThan(0.125).isGreaterThan(0.12);
    }

    @Test
    void forwardMatchesScalarLoopsOnBothKernels() {
        for (DenseKernels k : new DenseKernels[]{DenseKernels.blas(), DenseKernels.loops()}) {
            QNetwork net = new QNetwork(N, H, A, k);
            SplittableRandom rng = new SplittableRandom(11);
            double[] w = new double[3 + net.dimension()];
            net.init(w, 3, rng);
            double[] x = new double[2 + B * N];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            QNetwork.Workspace ws = net.workspace(B);
            net.forward(w, 3, x, 2, B, ws);
            for (int b = 0; b < B; b++) {
                for (int a = 0; a < A; a++) {
                    assertThat(ws.q(b, a)).isCloseTo(naiveQ(net, w, 3, x, 2 + b * N, a), within(1e-13));
                }
            }
            int g = net.greedy(w, 3, x, 2, ws);
            double q0 = naiveQ(net, w, 3, x, 2, 0);
            double q1 = naiveQ(net, w, 3, x, 2, 1);
            assertThat(g).isEqualTo(q1 > q0 ? 1 : 0);
        }
    }

    @Test
    void argmaxTakesTheFirstMaximum() {
        assertThat(QNetwork.argmax(new double[]{1, 1}, 0, 2)).isZero();
        assertThat(QNetwork.argmax(new double[]{9, 1, 2}, 1, 2)).isEqualTo(1);
    }

    @Test
    void tdGradientMatchesCentralFiniteDifferences() {
        for (DenseKernels k : new DenseKernels[]{DenseKernels.blas(), DenseKernels.loops()}) {
            QNetwork net = new QNetwork(N, H, A, k);
            SplittableRandom rng = new SplittableRandom(17);
            double[] w = new double[net.dimension()];
            net.init(w, 0, rng);
            double[] x = new double[B * N];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            int[] actions = new int[B];
            double[] targets = new double[B];
            for (int b = 0; b < B; b++) {
                actions[b] = rng.nextInt(A);
                targets[b] = rng.nextGaussian();
            }
            double[] grad = new double[net.dimension()];
            QNetwork.Workspace ws = net.workspace(B);
            double loss = net.tdLossAndGradient(w, 0, x, 0, actions, targets, B, grad, 0, ws);
            assertThat(loss).isCloseTo(naiveLoss(net, w, x, actions, targets), within(1e-13));
            double h = 1e-6;
            double maxErr = 0;
            double maxGrad = 0;
            for (int i = 0; i < w.length; i++) {
                double w0 = w[i];
                w[i] = w0 + h;
                double up = naiveLoss(net, w, x, actions, targets);
                w[i] = w0 - h;
                double down = naiveLoss(net, w, x, actions, targets);
                w[i] = w0;
                double fd = (up - down) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(fd - grad[i]));
                maxGrad = Math.max(maxGrad, Math.abs(grad[i]));
            }
            assertThat(maxGrad).isGreaterThan(0.1);
            assertThat(maxErr).as("max |FD − backprop|").isLessThan(1e-7);
        }
    }

    @Test
    void blasAndLoopGradientsAgree() {
        QNetwork blas = new QNetwork(4, 64, 2, DenseKernels.blas());
        QNetwork loops = new QNetwork(4, 64, 2, DenseKernels.loops());
        SplittableRandom rng = new SplittableRandom(23);
        double[] w = new double[blas.dimension()];
        blas.init(w, 0, rng);
        int b = 64;
        double[] x = new double[b * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1 * rng.nextGaussian();
        }
        int[] actions = new int[b];
        double[] targets = new double[b];
        for (int i = 0; i < b; i++) {
            actions[i] = rng.nextInt(2);
            targets[i] = 1 + rng.nextDouble();
        }
        double[] g1 = new double[w.length];
        double[] g2 = new double[w.length];
        double l1 = blas.tdLossAndGradient(w, 0, x, 0, actions, targets, b, g1, 0, blas.workspace(b));
        double l2 = loops.tdLossAndGradient(w, 0, x, 0, actions, targets, b, g2, 0, loops.workspace(b));
        assertThat(l1).isCloseTo(l2, within(1e-12));
        for (int i = 0; i < w.length; i++) {
            assertThat(g1[i]).isCloseTo(g2[i], within(1e-12));
        }
    }
}
