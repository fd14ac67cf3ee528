package dev.popdyn.jobs.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A popdyn multilayer perceptron as a Spark ML classification model, for the networks MLlib's own
 * {@code MultilayerPerceptronClassificationModel} cannot express (relu and tanh hidden layers; sigmoid works too):
 * a {@link ProbabilisticClassificationModel} on a vector column {@code features}, writing {@code rawPrediction},
 * {@code probability} and {@code prediction} like MLlib's classifiers, saved and loaded with Spark ML's persistence
 * ({@link MLWritable}; {@link #read()}/{@link #load} as MLlib models have), so it also loads inside a saved
 * {@code PipelineModel}.
 *
 * <p>The forward pass is popdyn's ({@code DenseClassifier}, docs/design.md §1): a_0 = x,
 * a_l = φ(W_l a_{l−1} + b_l) for hidden layers (φ = relu, tanh or the logistic sigmoid), z = W_L a_{L−1} + b_L;
 * a single output unit is a binary classifier with P(class 1) = s(z) and rawPrediction (−z, z), otherwise
 * probabilities are softmax(z) with rawPrediction z. The weights are W_l row-major (n_l × n_{l−1}) followed by
 * b_l, per layer. On disk: Spark ML's metadata ({@code metadata/}) and one Parquet row ({@code data/}) with the layer sizes,
 * the activation name and the weights; the layout has a {@code format} number (1) so later versions keep loading it.
 * Immutable apart from Spark ML's params; thread-safe for transforms.
 */
public final class PopdynMlpModel extends ProbabilisticClassificationModel<Vector, PopdynMlpModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** Version of the {@code data/} layout. */
    static final int FORMAT = 1;

    private static final ThreadLocal<String> CONSTRUCTING = new ThreadLocal<>();

    private final String uid;
    private final int[] sizes;
    private final String activation;
    private final double[] weights;

    /**
     * A model with layer sizes {@code sizes} (inputs, hidden…, outputs), hidden activation {@code activation}
     * ({@code relu}, {@code tanh} or {@code sigmoid}) and weights in the layout of the class comment.
     */
    public PopdynMlpModel(String uid, int[] sizes, String activation, double[] weights) {
        this(constructing(uid), sizes, activation, weights, true);
    }

    /**
     * The Scala superclasses create their params in their constructors and ask {@link #uid()} for the params'
     * parent before this class's fields are set; {@link #constructing} hands them the uid through
     * {@link #CONSTRUCTING} (evaluated as an argument, before the superclass constructor runs).
     */
    private PopdynMlpModel(String uid, int[] sizes, String activation, double[] weights, boolean viaPublic) {
        CONSTRUCTING.remove();
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs an input and an output layer");
        }
        if (!List.of("relu", "tanh", "sigmoid").contains(activation)) {
            throw new IllegalArgumentException("activation '" + activation + "' (relu, tanh or sigmoid)");
        }
        int n = 0;
        for (int l = 1; l < sizes.length; l++) {
            n += sizes[l] * sizes[l - 1] + sizes[l];
        }
        if (weights.length != n) {
            throw new IllegalArgumentException(weights.length + " weights for layers " + java.util.Arrays.toString(
                    sizes) + " (" + n + " expected)");
        }
        this.uid = uid;
        this.sizes = sizes.clone();
        this.activation = activation;
        this.weights = weights.clone();
    }

    /** A model with a fresh uid. */
    public PopdynMlpModel(int[] sizes, String activation, double[] weights) {
        this(Identifiable.randomUID("popdyn-mlp"), sizes, activation, weights);
    }

    private static String constructing(String uid) {
        CONSTRUCTING.set(uid);
        return uid;
    }

    @Override
    public String uid() {
        return uid != null ? uid : CONSTRUCTING.get();
    }

    /** Layer sizes: inputs, hidden layers, outputs. */
    public int[] layers() {
        return sizes.clone();
    }

    /** The hidden layers' activation: relu, tanh or sigmoid. */
    public String activation() {
        return activation;
    }

    @Override
    public int numFeatures() {
        return sizes[0];
    }

    @Override
    public int numClasses() {
        int out = sizes[sizes.length - 1];
        return out == 1 ? 2 : out;
    }

    /** The output logits: (−z, z) for one output unit, else z (class comment). */
    @Override
    public Vector predictRaw(Vector features) {
        double[] a = features.toArray();
        if (a.length != sizes[0]) {
            throw new IllegalArgumentException("features has " + a.length + " values, the model " + sizes[0]);
        }
        int pos = 0;
        for (int l = 1; l < sizes.length; l++) {
            int nIn = sizes[l - 1];
            int nOut = sizes[l];
            int b = pos + nOut * nIn;
            double[] z = new double[nOut];
            for (int o = 0; o < nOut; o++) {
                double s = 0.0;
                for (int i = 0; i < nIn; i++) {
                    s += weights[pos + o * nIn + i] * a[i];
                }
                z[o] = s + weights[b + o];
                if (l < sizes.length - 1) {
                    z[o] = activate(z[o]);
                }
            }
            pos = b + nOut;
            a = z;
        }
        return a.length == 1 ? Vectors.dense(-a[0], a[0]) : Vectors.dense(a);
    }

    private double activate(double v) {
        return switch (activation) {
            case "relu" -> v > 0 ? v : 0.0;
            case "tanh" -> Math.tanh(v);
            default -> sigmoid(v);
        };
    }

    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** Softmax of the logits in place; for one output unit (−z, z) → (1 − s(z), s(z)). */
    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        double[] v = ((DenseVector) raw).values();
        if (sizes[sizes.length - 1] == 1) {
            double s = sigmoid(v[1]);
            v[0] = 1.0 - s;
            v[1] = s;
            return raw;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0.0;
        for (int j = 0; j < v.length; j++) {
            v[j] = Math.exp(v[j] - max);
            sum += v[j];
        }
        for (int j = 0; j < v.length; j++) {
            v[j] /= sum;
        }
        return raw;
    }

    /**
     * Spark's own method, re-declared only because javac sees the Scala superclasses' two declarations (with
     * differently parameterised {@code Tuple3} results) as a clash; the raw type matches both.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public PopdynMlpModel copy(ParamMap extra) {
        return copyValues(new PopdynMlpModel(uid, sizes, activation, weights), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    @Override
    public void save(String path) throws IOException {
        write().save(path);
    }

    /** The reader {@code PipelineModel.load} and {@link #load} use. */
    public static MLReader<PopdynMlpModel> read() {
        return new Reader();
    }

    /** Loads a model saved by {@link #save} (or {@code write().save}). */
    public static PopdynMlpModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PopdynMlpModel: uid=%s, layers=%s, activation=%s", uid,
                java.util.Arrays.toString(sizes), activation);
    }

    private static StructType schema() {
        return new StructType().add("format", DataTypes.IntegerType).add("layers",
                DataTypes.createArrayType(DataTypes.IntegerType, false)).add("activation", DataTypes.StringType)
                .add("weights", DataTypes.createArrayType(DataTypes.DoubleType, false));
    }

    /** Writes metadata (params) and the data row. */
    private static final class Writer extends MLWriter {
        private final PopdynMlpModel model;

        Writer(PopdynMlpModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            List<Integer> layers = new ArrayList<>();
            for (int s : model.sizes) {
                layers.add(s);
            }
            List<Double> w = new ArrayList<>(model.weights.length);
            for (double x : model.weights) {
                w.add(x);
            }
            Row row = RowFactory.create(FORMAT, layers, model.activation, w);
            sparkSession().createDataFrame(List.of(row), schema()).repartition(1).write().parquet(path + "/data");
        }
    }

    /** Reads what {@link Writer} wrote; refuses a newer data format. */
    private static final class Reader extends MLReader<PopdynMlpModel> {
        @Override
        public PopdynMlpModel load(String path) {
            DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    PopdynMlpModel.class.getName());
            Row row = sparkSession().read().parquet(path + "/data").first();
            int format = row.getInt(row.fieldIndex("format"));
            if (format > FORMAT) {
                throw new UncheckedIOException(new IOException(path + ": popdyn model data format " + format
                        + " is newer than this popdyn's " + FORMAT));
            }
            List<Integer> layers = row.getList(row.fieldIndex("layers"));
            List<Double> w = row.getList(row.fieldIndex("weights"));
            int[] sizes = layers.stream().mapToInt(Integer::intValue).toArray();
            double[] weights = w.stream().mapToDouble(Double::doubleValue).toArray();
            PopdynMlpModel m = new PopdynMlpModel(meta.uid(), sizes, row.getString(row.fieldIndex("activation")),
                    weights);
            meta.getAndSetParams(m, Option.empty());
            return m;
        }
    }
}
