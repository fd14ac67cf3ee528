package dev.popdyn.core.model;

import com.typesafe.config.Config;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.NameOrListKey;
import java.util.List;
import java.util.Locale;

/**
 * Builds the {@code mlp} {@link DenseClassifier} (fully connected hidden layers, softmax output) from the
 * {@code model.*} keys below on the prepared data set of {@code model.data}. Hidden widths are a HOCON list of
 * integers or comma-separated text ({@code [32, 16]} or {@code "32,16"}). Hyper roles: {@code l2}, {@code batch}.
 * Immutable and thread-safe.
 */
final class MlpFactory implements ModelFactory {
    static final int MAX_LAYERS = 16;
    static final NameOrListKey HIDDEN = new NameOrListKey("model.hidden", "hidden layer widths (integers in "
            + "[1, 100000]), e.g. [32, 32]", "[32]", List.of(), MAX_LAYERS);
    static final Key.Choice ACTIVATION = new Key.Choice("model.activation", "hidden activation (sigmoid matches "
            + "Spark MLlib's MultilayerPerceptronClassifier, so such models can be exported to it)", "relu",
            List.of("relu", "tanh", "sigmoid"));
    static final Key.Real INIT_SCALE = new Key.Real("model.init-scale", "weights start N(0, (g·c)²/fan-in), "
            + "g = √2 for relu hidden layers, else 1", 1.0, 0.0, false, Double.POSITIVE_INFINITY, true);

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "multilayer perceptron on a prepared data set (relu/tanh/sigmoid hidden layers, softmax output), "
                + "minibatch log-loss + (l2/2)ΣW², F = −validation log-loss; hyper roles: l2, batch";
    }

    @Override
    public List<Key<?>> keys() {
        return List.of(LogisticFactory.DATA, HIDDEN, ACTIVATION, LogisticFactory.BATCH, LogisticFactory.L2,
                INIT_SCALE);
    }

    /** The hidden widths of {@code model.hidden}, validated as integers in [1, 100000]. */
    static int[] hidden(Config root) {
        double[] x = NameOrListKey.reals(HIDDEN.read(root));
        int[] w = new int[x.length];
        for (int i = 0; i < w.length; i++) {
            if (x[i] != Math.rint(x[i]) || x[i] < 1 || x[i] > 100_000) {
                throw new InvalidConfigException(HIDDEN.path(), "width " + x[i] + " is not an integer in "
                        + "[1, 100000]", HIDDEN.allowed());
            }
            w[i] = (int) x[i];
        }
        return w;
    }

    @Override
    public Model create(Config root, HyperSpace space) {
        DenseClassifier.Spec spec = new DenseClassifier.Spec(name(), hidden(root),
                DenseClassifier.Hidden.valueOf(ACTIVATION.read(root).toUpperCase(Locale.ROOT)),
                DenseClassifier.Output.SOFTMAX, LogisticFactory.BATCH.read(root).intValue(),
                LogisticFactory.L2.read(root), INIT_SCALE.read(root));
        return new DenseClassifier(spec, LogisticFactory.openData(root), space);
    }
}
