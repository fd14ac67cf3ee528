package dev.popdyn.core.model;

import dev.popdyn.core.data.TestData;
import dev.popdyn.core.params.HyperSpace;
import java.util.List;

/**
 * The {@code logistic} model ({@link DenseClassifier} without hidden layers, sigmoid output, as
 * {@code LogisticFactory} builds it for two classes) against the model contract: minibatches of 40 rows of a
 * seeded Gaussian data set (5 features), L2 = 0.1. The loss is smooth, so central differences apply everywhere.
 */
class LogisticModelTest extends ModelContract {
    @Override
    protected Model model() {
        return new DenseClassifier(new DenseClassifier.Spec("logistic", new int[0], DenseClassifier.Hidden.RELU,
                DenseClassifier.Output.SIGMOID, 40, 0.1, 1.0), TestData.gaussian(700, 50, 5, 2, 3),
                new HyperSpace(List.of()));
    }

    @Override
    protected double[] hyper() {
        return new double[0];
    }
}
