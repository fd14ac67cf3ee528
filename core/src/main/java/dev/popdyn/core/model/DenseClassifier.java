package dev.popdyn.core.model;

import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.linalg.DenseKernels;
import dev.popdyn.core.params.HyperSpace;
import java.util.Arrays;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A fully connected classifier on the rows of a {@link DataSet}: the {@code logistic} model (no hidden layer) and
 * the {@code mlp} model (hidden layers of the given widths), docs/design.md §1.4.
 *
 * <p><b>Network.</b> Layer sizes n₀ = p (features), n₁ … n_L (hidden), n_{L+1} (outputs). For l = 1..L+1,
 * z_l = W_l a_{l−1} + b_l with a₀ = x and a_l = σ(z_l) for hidden layers (σ = relu, tanh or the logistic sigmoid).
 * The output is either one logit with the logistic link (binary logistic regression, P(y = 1) = s(z), s(z) =
 * 1/(1 + e^{−z}); the Spark MLlib "binomial" family) or K logits with the softmax p_k = e^{z_k}/Σ_j e^{z_j}
 * (multinomial logistic regression and every MLP).
 *
 * <p><b>Loss.</b> L(θ; λ) = (1/B) Σ_{r∈batch} ℓ(x_r, y_r) + (l2/2) Σ_l ‖W_l‖²_F (biases are not penalised), with
 * the log-loss ℓ = log(1 + e^z) − y z (binary, computed as max(z, 0) − y z + log1p(e^{−|z|})) or
 * ℓ = log Σ_j e^{z_j} − z_y (softmax, max-shifted). With B ≥ nTrain and l2 = regParam this is exactly the objective
 * of Spark MLlib's {@code LogisticRegression} with elasticNetParam = 0, standardization = false. Backpropagation:
 * δ_{L+1} = (p − onehot(y))/B (or (s(z) − y)/B), ∇W_l = δ_lᵀ a_{l−1} + l2·W_l, ∇b_l = Σ_r δ_l, and
 * δ_{l−1} = (δ_l W_l) ⊙ σ′(z_{l−1}); over a block of rows these are dgemm calls on row-major matrices
 * ({@link DenseKernels#gemmNT}, {@link DenseKernels#gemmTN}, {@link DenseKernels#gemmNN}).
 *
 * <p><b>Minibatches.</b> B = λ.batch (rounded, clamped to [1, nTrain]) or the fixed {@code model.batch}. If
 * B ≥ nTrain the gradient is the full-batch gradient (no draws); otherwise B row indices are drawn uniformly with
 * replacement from the generator passed to {@link #lossAndGradient}. l2 = λ.l2 or the fixed {@code model.l2}. Rows
 * are processed in blocks of at most {@value #BLOCK} (gradients accumulated), so scratch space is bounded.
 *
 * <p><b>Fitness</b> F = −(mean validation log-loss) over the whole fixed validation section (no penalty, no draws);
 * {@link #accuracy} gives the validation accuracy.
 *
 * <p><b>Layout of θ</b>: for l = 1..L+1 in order, W_l (n_l × n_{l−1}, row-major) then b_l (n_l). For binary
 * logistic θ = (w₁..w_p, b); for multinomial θ = (W row-major K×p, b₁..b_K), the layout of MLlib's coefficient
 * matrix and intercept vector.
 *
 * <p><b>Initialisation</b>: W_l entries N(0, (g·c)²/n_{l−1}) with c = {@code model.init-scale} and gain g = √2 for
 * relu, 1 otherwise (He / LeCun scaling), biases 0.
 *
 * <p>Immutable and thread-safe: the data set is shared read-only and per-thread scratch arrays come from a
 * {@link ThreadLocal}, allocated once per thread, so steps allocate nothing.
 */
public final class DenseClassifier implements Model {
    /** Rows per block of forward/backward work. */
    public static final int BLOCK = 512;

    /** The output unit(s). */
    public enum Output {
        /** One logit, logistic link (binary only). */
        SIGMOID,
        /** K logits, softmax. */
        SOFTMAX
    }

    /** The hidden-layer activation. */
    public enum Hidden {
        RELU, TANH, SIGMOID
    }

    /**
     * The configuration: config name, hidden widths (empty for logistic regression), hidden activation, output,
     * fixed minibatch size and l2 (used when λ lacks {@code batch} / {@code l2}) and the initial scale c.
     */
    public record Spec(String name, int[] hidden, Hidden activation, Output output, int batch, double l2,
            double initScale) {
        public Spec {
            hidden = hidden.clone();
            for (int h : hidden) {
                if (h < 1) {
                    throw new IllegalArgumentException("hidden widths must be >= 1");
                }
            }
            if (batch < 1 || !(l2 >= 0) || !(initScale >= 0)) {
                throw new IllegalArgumentException("need batch >= 1, l2 >= 0, init-scale >= 0");
            }
        }
    }

    private final Spec spec;
    private final DataSet data;
    private final int layers;
    private final int[] sizes;
    private final int[] wOff;
    private final int[] bOff;
    private final int dim;
    private final int outputs;
    private final Binding l2;
    private final Binding batch;
    private final DenseKernels kernels;
    private final ThreadLocal<Scratch> scratch;

    /** The classifier of {@code spec} on {@code data}, with l2 and batch bound by name in {@code space}; BLAS. */
    public DenseClassifier(Spec spec, DataSet data, HyperSpace space) {
        this(spec, data, space, DenseKernels.blas());
    }

    /** As {@link #DenseClassifier(Spec, DataSet, HyperSpace)} with the given kernels. */
    public DenseClassifier(Spec spec, DataSet data, HyperSpace space, DenseKernels kernels) {
        if (spec.output() == Output.SIGMOID && data.classes() != 2) {
            throw new IllegalArgumentException("a sigmoid output needs 2 classes, the data set has "
                    + data.classes());
        }
        this.spec = spec;
        this.data = data;
        this.layers = spec.hidden().length + 1;
        this.outputs = spec.output() == Output.SIGMOID ? 1 : data.classes();
        this.sizes = new int[layers + 1];
        sizes[0] = data.features();
        System.arraycopy(spec.hidden(), 0, sizes, 1, layers - 1);
        sizes[layers] = outputs;
        this.wOff = new int[layers + 1];
        this.bOff = new int[layers + 1];
        long off = 0;
        for (int l = 1; l <= layers; l++) {
            wOff[l] = (int) off;
            off += (long) sizes[l] * sizes[l - 1];
            bOff[l] = (int) off;
            off += sizes[l];
        }
        if (off > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("network has " + off + " parameters, too many for one array");
        }
        this.dim = (int) off;
        this.l2 = Binding.of(space, "l2", spec.l2());
        this.batch = Binding.of(space, "batch", spec.batch());
        this.kernels = kernels;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(sizes, layers));
    }

    /** Per-thread work arrays for one block of rows. */
    private static final class Scratch {
        final double[] x;
        final int[] y;
        final double[][] a;
        final double[][] dz;
        final double[][] delta;

        Scratch(int[] sizes, int layers) {
            x = new double[BLOCK * sizes[0]];
            y = new int[BLOCK];
            a = new double[layers + 1][];
            dz = new double[layers + 1][];
            delta = new double[layers + 1][];
            for (int l = 1; l <= layers; l++) {
                a[l] = new double[BLOCK * sizes[l]];
                dz[l] = new double[BLOCK * sizes[l]];
                delta[l] = new double[BLOCK * sizes[l]];
            }
        }
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public Set<String> hyperRoles() {
        return Set.of("l2", "batch");
    }

    public Spec spec() {
        return spec;
    }

    public DataSet data() {
        return data;
    }

    /** Layer sizes n₀ = p, n₁ … n_L, n_{L+1} (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Offset of W_l in θ, l = 1..L+1. */
    public int weightOffset(int l) {
        return wOff[l];
    }

    /** Offset of b_l in θ, l = 1..L+1. */
    public int biasOffset(int l) {
        return bOff[l];
    }

    /** The minibatch size B of the agent whose λ starts at {@code hyper[hoff]}, clamped to [1, nTrain]. */
    public int batchSize(double[] hyper, int hoff) {
        long b = Math.round(batch.value(hyper, hoff));
        return (int) Math.max(1, Math.min(data.trainRows(), b));
    }

    /** l2 of the agent. */
    public double l2(double[] hyper, int hoff) {
        return l2.value(hyper, hoff);
    }

    @Override
    public void initTheta(double[] theta, int off, RandomGenerator rng) {
        double gain = spec.activation() == Hidden.RELU && layers > 1 ? Math.sqrt(2.0) : 1.0;
        for (int l = 1; l <= layers; l++) {
            double sd = (l < layers ? gain : 1.0) * spec.initScale() / Math.sqrt(sizes[l - 1]);
            int n = sizes[l] * sizes[l - 1];
            for (int i = 0; i < n; i++) {
                theta[off + wOff[l] + i] = sd > 0 ? sd * rng.nextGaussian() : 0.0;
            }
            Arrays.fill(theta, off + bOff[l], off + bOff[l] + sizes[l], 0.0);
        }
    }

    @Override
    public double lossAndGradient(double[] theta, int off, double[] hyper, int hoff, double[] grad,
            RandomGenerator rng) {
        Scratch sc = scratch.get();
        int n = data.trainRows();
        int p = sizes[0];
        int bsz = batchSize(hyper, hoff);
        double invB = 1.0 / bsz;
        double[] tx = data.trainX();
        int[] ty = data.trainY();
        double loss = 0.0;
        boolean full = bsz >= n;
        for (int start = 0; start < bsz; start += BLOCK) {
            int rows = Math.min(BLOCK, bsz - start);
            double[] x;
            int xoff;
            int[] y;
            int yoff;
            if (full) {
                x = tx;
                xoff = start * p;
                y = ty;
                yoff = start;
            } else {
                for (int r = 0; r < rows; r++) {
                    int i = rng.nextInt(n);
                    System.arraycopy(tx, i * p, sc.x, r * p, p);
                    sc.y[r] = ty[i];
                }
                x = sc.x;
                xoff = 0;
                y = sc.y;
                yoff = 0;
            }
            forward(theta, off, x, xoff, rows, sc, true);
            loss += outputLossAndDelta(y, yoff, rows, invB, sc);
            backward(theta, off, x, xoff, rows, sc, grad, start > 0);
        }
        double lambda = l2.value(hyper, hoff);
        if (lambda != 0.0) {
            double pen = 0.0;
            for (int l = 1; l <= layers; l++) {
                int from = wOff[l];
                int to = bOff[l];
                for (int k = from; k < to; k++) {
                    double w = theta[off + k];
                    pen += w * w;
                    grad[k] += lambda * w;
                }
            }
            loss += 0.5 * lambda * pen;
        }
        return loss;
    }

    /** Forward pass of {@code rows} rows of x (row-major, from {@code xoff}); logits land in {@code sc.a[L+1]}. */
    private void forward(double[] theta, int off, double[] x, int xoff, int rows, Scratch sc, boolean keepDeriv) {
        for (int l = 1; l <= layers; l++) {
            double[] in = l == 1 ? x : sc.a[l - 1];
            int inOff = l == 1 ? xoff : 0;
            int nOut = sizes[l];
            double[] z = sc.a[l];
            kernels.gemmNT(rows, nOut, sizes[l - 1], 1.0, in, inOff, theta, off + wOff[l], 0.0, z, 0);
            int b = off + bOff[l];
            for (int r = 0; r < rows; r++) {
                int row = r * nOut;
                for (int j = 0; j < nOut; j++) {
                    z[row + j] += theta[b + j];
                }
            }
            if (l < layers) {
                activate(z, sc.dz[l], rows * nOut, keepDeriv);
            }
        }
    }

    /** a ← σ(a) in place and, when asked, d ← σ′ at the pre-activation. */
    private void activate(double[] a, double[] d, int len, boolean keepDeriv) {
        switch (spec.activation()) {
            case RELU:
                for (int i = 0; i < len; i++) {
                    double v = a[i];
                    if (keepDeriv) {
                        d[i] = v > 0 ? 1.0 : 0.0;
                    }
                    a[i] = v > 0 ? v : 0.0;
                }
                break;
            case TANH:
                for (int i = 0; i < len; i++) {
                    double t = Math.tanh(a[i]);
                    a[i] = t;
                    if (keepDeriv) {
                        d[i] = 1.0 - t * t;
                    }
                }
                break;
            default:
                for (int i = 0; i < len; i++) {
                    double s = sigmoid(a[i]);
                    a[i] = s;
                    if (keepDeriv) {
                        d[i] = s * (1.0 - s);
                    }
                }
                break;
        }
    }

    /** The logistic function s(z) = 1/(1 + e^{−z}), evaluated without overflow. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /**
     * Sums the log-loss of the block's rows (weighted by {@code weight}) from the logits in {@code sc.a[L+1]} and
     * writes δ_{L+1} = weight·(p − onehot(y)) into {@code sc.delta[L+1]}.
     */
    private double outputLossAndDelta(int[] y, int yoff, int rows, double weight, Scratch sc) {
        double[] z = sc.a[layers];
        double[] delta = sc.delta[layers];
        double loss = 0.0;
        if (outputs == 1) {
            for (int r = 0; r < rows; r++) {
                double zr = z[r];
                int yr = y[yoff + r];
                loss += Math.max(zr, 0.0) - yr * zr + Math.log1p(Math.exp(-Math.abs(zr)));
                delta[r] = weight * (sigmoid(zr) - yr);
            }
        } else {
            int k = outputs;
            for (int r = 0; r < rows; r++) {
                int row = r * k;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, z[row + j]);
                }
                double sum = 0.0;
                for (int j = 0; j < k; j++) {
                    double e = Math.exp(z[row + j] - max);
                    delta[row + j] = e;
                    sum += e;
                }
                int yr = y[yoff + r];
                loss += Math.log(sum) + max - z[row + yr];
                double inv = weight / sum;
                for (int j = 0; j < k; j++) {
                    delta[row + j] *= inv;
                }
                delta[row + yr] -= weight;
            }
        }
        return weight * loss;
    }

    /** Backpropagates δ_{L+1}; writes (or, with {@code accumulate}, adds) ∇W_l and ∇b_l into {@code grad}. */
    private void backward(double[] theta, int off, double[] x, int xoff, int rows, Scratch sc, double[] grad,
            boolean accumulate) {
        double beta = accumulate ? 1.0 : 0.0;
        for (int l = layers; l >= 1; l--) {
            int nOut = sizes[l];
            int nIn = sizes[l - 1];
            double[] delta = sc.delta[l];
            double[] in = l == 1 ? x : sc.a[l - 1];
            int inOff = l == 1 ? xoff : 0;
            kernels.gemmTN(nOut, nIn, rows, 1.0, delta, 0, in, inOff, beta, grad, wOff[l]);
            int gb = bOff[l];
            if (!accumulate) {
                Arrays.fill(grad, gb, gb + nOut, 0.0);
            }
            for (int r = 0; r < rows; r++) {
                int row = r * nOut;
                for (int j = 0; j < nOut; j++) {
                    grad[gb + j] += delta[row + j];
                }
            }
            if (l > 1) {
                double[] prev = sc.delta[l - 1];
                kernels.gemmNN(rows, nIn, nOut, 1.0, delta, 0, theta, off + wOff[l], 0.0, prev, 0);
                double[] d = sc.dz[l - 1];
                int len = rows * nIn;
                for (int i = 0; i < len; i++) {
                    prev[i] *= d[i];
                }
            }
        }
    }

    @Override
    public double fitness(double[] theta, int off, double[] hyper, int hoff, RandomGenerator rng) {
        return -validationLogLoss(theta, off);
    }

    /** Mean log-loss over the whole validation section (no penalty). */
    public double validationLogLoss(double[] theta, int off) {
        Scratch sc = scratch.get();
        int n = data.validationRows();
        int p = sizes[0];
        double loss = 0.0;
        for (int start = 0; start < n; start += BLOCK) {
            int rows = Math.min(BLOCK, n - start);
            forward(theta, off, data.validationX(), start * p, rows, sc, false);
            loss += outputLossAndDelta(data.validationY(), start, rows, 1.0, sc);
        }
        return loss / n;
    }

    /** Fraction of validation rows whose most probable class is the label (ties: lowest class index). */
    public double accuracy(double[] theta, int off) {
        int n = data.validationRows();
        int[] pred = new int[n];
        predict(theta, off, data.validationX(), 0, n, pred);
        int correct = 0;
        int[] y = data.validationY();
        for (int i = 0; i < n; i++) {
            if (pred[i] == y[i]) {
                correct++;
            }
        }
        return (double) correct / n;
    }

    /**
     * Class probabilities of {@code rows} standardised rows of {@code x} (row-major from {@code xoff}) into
     * {@code probs[r·K + k]}; for a sigmoid output K = 2 with (1 − s(z), s(z)).
     */
    public void probabilities(double[] theta, int off, double[] x, int xoff, int rows, double[] probs) {
        Scratch sc = scratch.get();
        int p = sizes[0];
        int k = data.classes();
        for (int start = 0; start < rows; start += BLOCK) {
            int m = Math.min(BLOCK, rows - start);
            forward(theta, off, x, xoff + start * p, m, sc, false);
            double[] z = sc.a[layers];
            for (int r = 0; r < m; r++) {
                int o = (start + r) * k;
                if (outputs == 1) {
                    double s = sigmoid(z[r]);
                    probs[o] = 1.0 - s;
                    probs[o + 1] = s;
                } else {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        max = Math.max(max, z[r * k + j]);
                    }
                    double sum = 0.0;
                    for (int j = 0; j < k; j++) {
                        double e = Math.exp(z[r * k + j] - max);
                        probs[o + j] = e;
                        sum += e;
                    }
                    for (int j = 0; j < k; j++) {
                        probs[o + j] /= sum;
                    }
                }
            }
        }
    }

    /** The most probable class of each of {@code rows} rows of x (ties: lowest class index) into {@code out}. */
    public void predict(double[] theta, int off, double[] x, int xoff, int rows, int[] out) {
        int k = data.classes();
        double[] probs = new double[rows * k];
        probabilities(theta, off, x, xoff, rows, probs);
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (probs[r * k + j] > probs[r * k + best]) {
                    best = j;
                }
            }
            out[r] = best;
        }
    }
}
