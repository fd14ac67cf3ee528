package dev.popdyn.core.model;

import dev.popdyn.core.data.TestData;
import dev.popdyn.core.params.HyperSpace;
import java.util.List;

/**
 * The {@code mlp} model ({@link DenseClassifier} with hidden layers of 6 and 4 tanh units and a softmax over 3
 * classes, as {@code MlpFactory} builds it) against the model contract: minibatches of 40 rows of a seeded Gaussian
 * data set (5 features), L2 = 0.1. tanh keeps the loss smooth, so central differences apply everywhere (the ReLU
 * variant's gradient is checked away from kinks by {@code DenseClassifierTest}).
 */
class MlpModelTest extends ModelContract {
    @Override
    protected Model model() {
        return new DenseClassifier(new DenseClassifier.Spec("mlp", new int[]{6, 4}, DenseClassifier.Hidden.TANH,
                DenseClassifier.Output.SOFTMAX, 40, 0.1, 1.0), TestData.gaussian(700, 50, 5, 3, 3),
                new HyperSpace(List.of()));
    }

    @Override
    protected double[] hyper() {
        return new double[0];
    }
}
