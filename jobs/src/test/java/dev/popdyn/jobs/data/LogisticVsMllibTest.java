package dev.popdyn.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.dynamics.MomentumSgd;
import dev.popdyn.core.model.Binding;
import dev.popdyn.core.model.DenseClassifier;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.jobs.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-batch momentum descent on popdyn's logistic model, run to convergence with a fixed l2, reaches the optimum
 * Spark MLlib's LogisticRegression finds for the same objective (regParam = l2, elasticNetParam = 0,
 * standardization = false, intercept on). Both minimise a strongly convex function, so the minimisers agree up to
 * the solvers' tolerances: |Δcoefficient| and |Δintercept| &lt; 1e-5 is required (observed ~1e-8).
 */
class LogisticVsMllibTest {
    static final double TOL = 1e-5;
    private static final HyperSpace NONE = new HyperSpace(List.of());

    @TempDir
    Path tmp;

    private final SparkSession spark = SparkTestSession.get();

    private static double[] train(DenseClassifier m, int steps) {
        double[] theta = new double[m.dimension()];
        MomentumSgd sgd = new MomentumSgd(Binding.of(NONE, "lr", 0.5), Binding.of(NONE, "momentum", 0.9),
                Binding.of(NONE, "temperature", 0.0), m.dimension());
        sgd.run(m, theta, 0, new double[0], 0, new double[m.dimension()], 0, steps, new SplittableRandom(1),
                new double[m.dimension()]);
        return theta;
    }

    private LogisticRegressionModel mllib(DataSet ds, double l2, String family) {
        return new LogisticRegression().setRegParam(l2).setElasticNetParam(0.0).setStandardization(false)
                .setFitIntercept(true).setFamily(family).setMaxIter(1000).setTol(1e-12)
                .fit(DataTestSupport.frame(spark, ds, false, false));
    }

    @Test
    void binomialMatchesMllib() throws Exception {
        Path csv = DataTestSupport.irisSubset(tmp, "vv.csv", l -> !l.endsWith("setosa"));
        DataSet ds = DataSet.read(DataPrep.prepare(spark, ConfigFactory.parseString("data { path = \"" + csv
                + "\", label = species }"), tmp));
        double l2 = 0.01;
        DenseClassifier m = new DenseClassifier(new DenseClassifier.Spec("logistic", new int[0],
                DenseClassifier.Hidden.RELU, DenseClassifier.Output.SIGMOID, 1_000_000, l2, 0.0), ds, NONE);
        double[] theta = train(m, 20_000);
        LogisticRegressionModel ref = mllib(ds, l2, "binomial");
        double[] w = ref.coefficients().toArray();
        double worst = Math.abs(theta[ds.features()] - ref.intercept());
        for (int j = 0; j < ds.features(); j++) {
            worst = Math.max(worst, Math.abs(theta[j] - w[j]));
        }
        System.out.printf("logistic binomial vs MLlib: max |Δ| = %.3g%n", worst);
        assertThat(worst).isLessThan(TOL);
    }

    @Test
    void multinomialMatchesMllib() {
        DataSet ds = DataSet.read(DataPrep.prepare(spark, ConfigFactory.parseString("data { path = \""
                + DataTestSupport.IRIS + "\", label = species }"), tmp));
        double l2 = 0.02;
        DenseClassifier m = new DenseClassifier(new DenseClassifier.Spec("logistic", new int[0],
                DenseClassifier.Hidden.RELU, DenseClassifier.Output.SOFTMAX, 1_000_000, l2, 0.0), ds, NONE);
        double[] theta = train(m, 20_000);
        LogisticRegressionModel ref = mllib(ds, l2, "multinomial");
        int k = ds.classes();
        int p = ds.features();
        double worst = 0;
        double interceptSum = 0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < p; j++) {
                worst = Math.max(worst, Math.abs(theta[c * p + j] - ref.coefficientMatrix().apply(c, j)));
            }
            worst = Math.max(worst, Math.abs(theta[k * p + c] - ref.interceptVector().apply(c)));
            interceptSum += theta[k * p + c];
        }
        System.out.printf("logistic multinomial vs MLlib: max |Δ| = %.3g%n", worst);
        assertThat(interceptSum).as("intercepts stay centred, like MLlib's").isCloseTo(0.0, within(1e-9));
        assertThat(worst).isLessThan(TOL);
    }
}
