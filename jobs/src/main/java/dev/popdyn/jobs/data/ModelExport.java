package dev.popdyn.jobs.data;

import dev.popdyn.core.model.DenseClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.popdyn.jobs.snapshot.StoragePath;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;

/**
 * Exports an agent's weights θ of a {@link DenseClassifier} as a Spark MLlib model, so a population's best agent
 * can be loaded with {@code LogisticRegressionModel.load} / {@code MultilayerPerceptronClassificationModel.load}
 * and used in a Spark ML pipeline.
 *
 * <p><b>logistic</b> → {@link LogisticRegressionModel}, built with its constructor
 * (uid, coefficientMatrix K'×p, interceptVector K', numClasses, isMultinomial): binomial θ = (w, b) gives a 1×p
 * matrix and isMultinomial = false (P(y = 1) = s(w·x + b)); multinomial θ = (W, b) gives the K×p matrix W and
 * softmax. Both matrices are row-major {@code DenseMatrix} values (isTransposed = true), as MLlib requires for the
 * binomial family.
 *
 * <p><b>mlp</b> → {@link MultilayerPerceptronClassificationModel} for {@code model.activation = sigmoid}:
 * MLlib's perceptron has logistic-sigmoid hidden layers and a softmax output; relu and tanh networks compute a
 * different function, so {@link #popdynMlp} exports them (and any other {@code DenseClassifier}) as a
 * {@link PopdynMlpModel}, a Spark ML model with popdyn's forward pass. MLlib's weight vector holds, per layer, W_l
 * column-major (n_l × n_{l−1})
 * followed by b_l; the layer sizes are set through the {@code layers} param.
 *
 * <p><b>Feature scale.</b> popdyn trains on standardised features x' = (x − mean)/scale. With {@code raw = false}
 * the exported model expects standardised features (the {@code .pdds} values); with {@code raw = true} the
 * standardisation is folded into the first layer, W' = W·diag(1/scale), b' = b − W'·mean, so the model applies to
 * the raw feature columns in {@code DataSet.featureNames()} order. Stateless and thread-safe.
 */
public final class ModelExport {
    private ModelExport() {
    }

    /** θ of the agent at {@code theta[off ..]} as an MLlib logistic regression model. */
    public static LogisticRegressionModel logistic(DenseClassifier model, double[] theta, int off, boolean raw) {
        int[] sizes = model.sizes();
        if (sizes.length != 2) {
            throw new IllegalArgumentException("model " + model.name() + " has hidden layers; use mlp()");
        }
        int p = sizes[0];
        int k = sizes[1];
        double[] w = new double[k * p];
        double[] b = new double[k];
        firstLayer(model, theta, off, raw, w, b);
        boolean multinomial = model.spec().output() == DenseClassifier.Output.SOFTMAX;
        return new LogisticRegressionModel(org.apache.spark.ml.util.Identifiable.randomUID("logreg-popdyn"),
                new DenseMatrix(k, p, w, true), Vectors.dense(b), model.data().classes(), multinomial);
    }

    /** θ of the agent as an MLlib multilayer perceptron; only for sigmoid hidden layers (see class comment). */
    public static MultilayerPerceptronClassificationModel mlp(DenseClassifier model, double[] theta, int off,
            boolean raw) {
        if (model.spec().hidden().length == 0 || model.spec().activation() != DenseClassifier.Hidden.SIGMOID) {
            throw new IllegalArgumentException("MLlib's MultilayerPerceptronClassificationModel has sigmoid hidden "
                    + "layers and a softmax output; model " + model.name() + " has "
                    + (model.spec().hidden().length == 0 ? "no hidden layer" : model.spec().activation()
                    .name().toLowerCase(java.util.Locale.ROOT) + " hidden layers") + " and cannot be exported to it");
        }
        int[] sizes = model.sizes();
        double[] weights = new double[model.dimension()];
        int pos = 0;
        for (int l = 1; l < sizes.length; l++) {
            int nOut = sizes[l];
            int nIn = sizes[l - 1];
            double[] w = new double[nOut * nIn];
            double[] b = new double[nOut];
            layer(model, theta, off, raw, l, w, b);
            for (int o = 0; o < nOut; o++) {
                for (int i = 0; i < nIn; i++) {
                    weights[pos + i * nOut + o] = w[o * nIn + i];
                }
            }
            pos += nOut * nIn;
            System.arraycopy(b, 0, weights, pos, nOut);
            pos += nOut;
        }
        MultilayerPerceptronClassificationModel m = new MultilayerPerceptronClassificationModel(
                org.apache.spark.ml.util.Identifiable.randomUID("mlpc-popdyn"), Vectors.dense(weights));
        return m.copy(new ParamMap().put(m.layers().w(sizes)));
    }

    /**
     * Layer l's weights W_l (row-major, out × in) into {@code w} and bias b_l into {@code b} from θ at {@code off};
     * layer 1 with the standardisation folded in when {@code raw} ({@link #firstLayer}).
     */
    private static void layer(DenseClassifier model, double[] theta, int off, boolean raw, int l, double[] w,
            double[] b) {
        if (l == 1) {
            firstLayer(model, theta, off, raw, w, b);
        } else {
            System.arraycopy(theta, off + model.weightOffset(l), w, 0, w.length);
            System.arraycopy(theta, off + model.biasOffset(l), b, 0, b.length);
        }
    }

    /**
     * θ of the agent as a {@link PopdynMlpModel}: any {@code mlp} (relu, tanh or sigmoid hidden layers) and
     * {@code logistic} model, in popdyn's own layer layout (W_l row-major, then b_l), the standardisation folded into
     * the first layer when {@code raw}.
     */
    public static PopdynMlpModel popdynMlp(DenseClassifier model, double[] theta, int off, boolean raw) {
        int[] sizes = model.sizes();
        double[] weights = new double[model.dimension()];
        int pos = 0;
        for (int l = 1; l < sizes.length; l++) {
            int nOut = sizes[l];
            int nIn = sizes[l - 1];
            double[] w = new double[nOut * nIn];
            double[] b = new double[nOut];
            layer(model, theta, off, raw, l, w, b);
            System.arraycopy(w, 0, weights, pos, w.length);
            pos += w.length;
            System.arraycopy(b, 0, weights, pos, nOut);
            pos += nOut;
        }
        return new PopdynMlpModel(sizes, model.spec().activation().name().toLowerCase(java.util.Locale.ROOT),
                weights);
    }

    /** W₁ (row-major) and b₁, with the standardisation folded in when {@code raw}. */
    private static void firstLayer(DenseClassifier model, double[] theta, int off, boolean raw, double[] w,
            double[] b) {
        int[] sizes = model.sizes();
        int p = sizes[0];
        int k = sizes[1];
        System.arraycopy(theta, off + model.weightOffset(1), w, 0, k * p);
        System.arraycopy(theta, off + model.biasOffset(1), b, 0, k);
        if (raw) {
            double[] mean = model.data().mean();
            double[] scale = model.data().scale();
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < p; c++) {
                    double v = w[r * p + c] / scale[c];
                    w[r * p + c] = v;
                    b[r] -= v * mean[c];
                }
            }
        }
    }

    /** Saves an MLlib model to {@code dir} on any Hadoop file system (overwriting). */
    public static void save(MLWritable model, StoragePath dir) {
        try {
            model.write().overwrite().save(dir.uri());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save model to " + dir + ": " + e.getMessage(), e);
        }
    }
}
