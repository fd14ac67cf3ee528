package dev.popdyn.core.model;

import dev.popdyn.core.linalg.DenseKernels;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A ReLU multilayer perceptron with two hidden layers, n → H → H → A, used as the action-value function Q(s, ·) of
 * a deep Q-network (Mnih et al. 2015, "Human-level control through deep reinforcement learning", Nature 518), on a
 * flat weight vector.
 *
 * <p><b>Layout of w</b> (dimension H·n + H + H·H + H + A·H + A), each matrix row-major with one row per output unit:
 * W₁ (H×n), b₁ (H), W₂ (H×H), b₂ (H), W₃ (A×H), b₃ (A), at the offsets {@link #w1()} … {@link #b3()} relative to
 * the start of the slice.
 *
 * <p><b>Forward pass</b> of a minibatch X (B×n, row-major): A₁ = relu(X·W₁ᵀ + b₁), A₂ = relu(A₁·W₂ᵀ + b₂),
 * Q = A₂·W₃ᵀ + b₃ (B×A), three dgemm calls through {@link DenseKernels}. relu′(0) is taken as 0.
 *
 * <p><b>TD loss</b> ({@link #tdLossAndGradient}): the mean squared error L = (1/B) Σ_b (Q(s_b, a_b) − y_b)² between
 * the value of the taken action and a fixed target y_b (as {@code torch.nn.functional.mse_loss}); its gradient by
 * backpropagation (three dgemm for the weight gradients, two for the back-propagated errors).
 *
 * <p><b>Initialisation</b> ({@link #init}): every weight and bias of a layer with fan-in k is uniform in
 * [−1/√k, 1/√k] (the default of {@code torch.nn.Linear}).
 *
 * <p>Immutable and thread-safe; all intermediate values live in a caller-owned {@link Workspace}, so passes
 * allocate nothing.
 */
public final class QNetwork {
    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final DenseKernels kernels;
    private final int w1;
    private final int b1;
    private final int w2;
    private final int b2;
    private final int w3;
    private final int b3;
    private final int dimension;

    /** The network n → H → H → A computing with {@code kernels}. */
    public QNetwork(int inputs, int hidden, int outputs, DenseKernels kernels) {
        if (inputs < 1 || hidden < 1 || outputs < 1) {
            throw new IllegalArgumentException("layer sizes must be >= 1");
        }
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.kernels = kernels;
        this.w1 = 0;
        this.b1 = w1 + hidden * inputs;
        this.w2 = b1 + hidden;
        this.b2 = w2 + hidden * hidden;
        this.w3 = b2 + hidden;
        this.b3 = w3 + outputs * hidden;
        this.dimension = b3 + outputs;
    }

    /**
     * Per-thread intermediate values for minibatches of up to {@link #capacity()} rows: activations A₁, A₂, the
     * output Q (B×A, row-major) and the back-propagated errors. Mutable, not thread-safe.
     */
    public static final class Workspace {
        private final int capacity;
        private final int outputs;
        final double[] a1;
        final double[] a2;
        final double[] q;
        final double[] dq;
        final double[] d2;
        final double[] d1;

        private Workspace(int capacity, int hidden, int outputs) {
            this.capacity = capacity;
            this.outputs = outputs;
            this.a1 = new double[capacity * hidden];
            this.a2 = new double[capacity * hidden];
            this.q = new double[capacity * outputs];
            this.dq = new double[capacity * outputs];
            this.d2 = new double[capacity * hidden];
            this.d1 = new double[capacity * hidden];
        }

        /** The largest minibatch this workspace holds. */
        public int capacity() {
            return capacity;
        }

        /** Q(s_b, a) of the last forward pass. */
        public double q(int b, int a) {
            return q[b * outputs + a];
        }
    }

    /** A workspace for minibatches of up to {@code capacity} rows. */
    public Workspace workspace(int capacity) {
        return new Workspace(Math.max(1, capacity), hidden, outputs);
    }

    public int inputs() {
        return inputs;
    }

    public int hidden() {
        return hidden;
    }

    /** Number of weights and biases. */
    public int dimension() {
        return dimension;
    }

    /** Offset of W₁ in the weight slice. */
    public int w1() {
        return w1;
    }

    /** Offset of b₁. */
    public int b1() {
        return b1;
    }

    /** Offset of W₂. */
    public int w2() {
        return w2;
    }

    /** Offset of b₂. */
    public int b2() {
        return b2;
    }

    /** Offset of W₃. */
    public int w3() {
        return w3;
    }

    /** Offset of b₃. */
    public int b3() {
        return b3;
    }

    /** Draws w as {@code torch.nn.Linear} does: U(−1/√fan-in, 1/√fan-in) for weights and biases of each layer. */
    public void init(double[] w, int off, RandomGenerator rng) {
        uniform(w, off + w1, hidden * inputs + hidden, 1.0 / Math.sqrt(inputs), rng);
        uniform(w, off + w2, hidden * hidden + hidden, 1.0 / Math.sqrt(hidden), rng);
        uniform(w, off + w3, outputs * hidden + outputs, 1.0 / Math.sqrt(hidden), rng);
    }

    private static void uniform(double[] w, int off, int len, double bound, RandomGenerator rng) {
        for (int k = off; k < off + len; k++) {
            w[k] = rng.nextDouble(-bound, bound);
        }
    }

    /** Computes Q for the B rows of {@code x[xoff ..]} (B×n row-major) into the workspace. */
    public void forward(double[] w, int woff, double[] x, int xoff, int batch, Workspace ws) {
        check(batch, ws);
        affine(batch, hidden, inputs, w, woff + w1, woff + b1, x, xoff, ws.a1);
        relu(ws.a1, batch * hidden);
        affine(batch, hidden, hidden, w, woff + w2, woff + b2, ws.a1, 0, ws.a2);
        relu(ws.a2, batch * hidden);
        affine(batch, outputs, hidden, w, woff + w3, woff + b3, ws.a2, 0, ws.q);
    }

    /** The greedy action argmax_a Q(s, a) for one state (first maximum on ties, as {@code argmax}). */
    public int greedy(double[] w, int woff, double[] s, int soff, Workspace ws) {
        forward(w, woff, s, soff, 1, ws);
        return argmax(ws.q, 0, outputs);
    }

    /** The index of the first maximum of {@code a[off .. off+len)}. */
    public static int argmax(double[] a, int off, int len) {
        int best = 0;
        for (int k = 1; k < len; k++) {
            if (a[off + k] > a[off + best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Writes ∇_w L into {@code grad[goff .. goff+dimension)} and returns L = (1/B) Σ_b (Q(s_b, a_b) − y_b)² for the
     * states {@code x[xoff ..]} (B×n), actions {@code actions[0 .. B)} and targets {@code targets[0 .. B)}.
     */
    public double tdLossAndGradient(double[] w, int woff, double[] x, int xoff, int[] actions, double[] targets,
            int batch, double[] grad, int goff, Workspace ws) {
        forward(w, woff, x, xoff, batch, ws);
        Arrays.fill(ws.dq, 0, batch * outputs, 0.0);
        double loss = 0;
        double scale = 2.0 / batch;
        for (int b = 0; b < batch; b++) {
            int i = b * outputs + actions[b];
            double r = ws.q[i] - targets[b];
            loss += r * r;
            ws.dq[i] = scale * r;
        }
        kernels.gemmTN(outputs, hidden, batch, 1.0, ws.dq, 0, ws.a2, 0, 0.0, grad, goff + w3);
        columnSums(ws.dq, batch, outputs, grad, goff + b3);
        kernels.gemmNN(batch, hidden, outputs, 1.0, ws.dq, 0, w, woff + w3, 0.0, ws.d2, 0);
        mask(ws.d2, ws.a2, batch * hidden);
        kernels.gemmTN(hidden, hidden, batch, 1.0, ws.d2, 0, ws.a1, 0, 0.0, grad, goff + w2);
        columnSums(ws.d2, batch, hidden, grad, goff + b2);
        kernels.gemmNN(batch, hidden, hidden, 1.0, ws.d2, 0, w, woff + w2, 0.0, ws.d1, 0);
        mask(ws.d1, ws.a1, batch * hidden);
        kernels.gemmTN(hidden, inputs, batch, 1.0, ws.d1, 0, x, xoff, 0.0, grad, goff + w1);
        columnSums(ws.d1, batch, hidden, grad, goff + b1);
        return loss / batch;
    }

    private void check(int batch, Workspace ws) {
        if (batch < 1 || batch > ws.capacity) {
            throw new IllegalArgumentException("batch " + batch + " outside [1, " + ws.capacity + "]");
        }
    }

    /** out (B×m) = in (B×k) · Wᵀ + 1·bᵀ with W (m×k) at {@code w[woff]} and b at {@code w[boff]}. */
    private void affine(int batch, int m, int k, double[] w, int woff, int boff, double[] in, int inoff,
            double[] out) {
        for (int b = 0; b < batch; b++) {
            System.arraycopy(w, boff, out, b * m, m);
        }
        kernels.gemmNT(batch, m, k, 1.0, in, inoff, w, woff, 1.0, out, 0);
    }

    private static void relu(double[] a, int len) {
        for (int k = 0; k < len; k++) {
            if (a[k] < 0) {
                a[k] = 0.0;
            }
        }
    }

    /** d ⊙ 1[a &gt; 0]: the ReLU derivative read from the activation (a &gt; 0 iff the pre-activation is). */
    private static void mask(double[] d, double[] a, int len) {
        for (int k = 0; k < len; k++) {
            if (!(a[k] > 0)) {
                d[k] = 0.0;
            }
        }
    }

    private static void columnSums(double[] a, int rows, int cols, double[] out, int ooff) {
        Arrays.fill(out, ooff, ooff + cols, 0.0);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                out[ooff + c] += a[base + c];
            }
        }
    }
}
