package dev.popdyn.core.model;

import com.typesafe.config.Config;
import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.params.Key;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds the {@code logistic} {@link DenseClassifier} (binary or multinomial logistic regression) from the
 * {@code model.*} keys below, on the prepared data set named by {@code model.data}. Hyper roles: {@code l2},
 * {@code batch}; lr and momentum belong to the fast dynamics ({@code fast.dynamics = momentum}). Also holds the keys
 * shared with {@link MlpFactory}. Immutable and thread-safe.
 */
final class LogisticFactory implements ModelFactory {
    static final Key.Text DATA = new Key.Text("model.data", "prepared binary data set (.pdds); popdyn run writes it "
            + "from the data.* section and sets this key", null, "a file written by DataPrep / DataSet.write");
    static final Key.Int BATCH = new Key.Int("model.batch", "minibatch size B when λ has no 'batch' coordinate "
            + "(B >= training rows: full batch)", 32, 1, 100_000_000);
    static final Key.Real L2 = new Key.Real("model.l2", "L2 penalty (l2/2)·ΣW² when λ has no 'l2' coordinate "
            + "(biases are not penalised)", 0.0, 0.0, false, Double.POSITIVE_INFINITY, true);
    static final Key.Choice FAMILY = new Key.Choice("model.family", "binomial: one logit with the logistic link "
            + "(2 classes only); multinomial: K logits with softmax; auto: binomial iff 2 classes", "auto",
            List.of("auto", "binomial", "multinomial"));
    static final Key.Real INIT_SCALE = new Key.Real("model.init-scale", "weights start N(0, c²/p); 0 starts at "
            + "zero", 0.0, 0.0, false, Double.POSITIVE_INFINITY, true);

    @Override
    public String name() {
        return "logistic";
    }

    @Override
    public String description() {
        return "logistic regression on a prepared data set (binary: sigmoid; multinomial: softmax), minibatch "
                + "log-loss + (l2/2)‖W‖², F = −validation log-loss; hyper roles: l2, batch";
    }

    @Override
    public List<Key<?>> keys() {
        return List.of(DATA, BATCH, L2, FAMILY, INIT_SCALE);
    }

    @Override
    public Model create(Config root, HyperSpace space) {
        DataSet data = openData(root);
        String family = FAMILY.read(root);
        boolean binomial = family.equals("binomial") || family.equals("auto") && data.classes() == 2;
        if (binomial && data.classes() != 2) {
            throw new InvalidConfigException(FAMILY.path(), "binomial needs 2 classes, the data set has "
                    + data.classes(), "multinomial or auto");
        }
        DenseClassifier.Spec spec = new DenseClassifier.Spec(name(), new int[0], DenseClassifier.Hidden.RELU,
                binomial ? DenseClassifier.Output.SIGMOID : DenseClassifier.Output.SOFTMAX,
                BATCH.read(root).intValue(), L2.read(root), INIT_SCALE.read(root));
        return new DenseClassifier(spec, data, space);
    }

    /** Opens the data set of {@code model.data} (cached per JVM), turning failures into config errors. */
    static DataSet openData(Config root) {
        String path = DATA.read(root);
        if (path == null || path.isEmpty()) {
            throw new InvalidConfigException(DATA.path(), "missing", "a prepared data set; popdyn run sets it from "
                    + "data.path");
        }
        try {
            return DataSet.open(path);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new InvalidConfigException(DATA.path(), e.getMessage(), DATA.allowed());
        }
    }
}
