package dev.popdyn.jobs.data;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelExportTest {
    private static final HyperSpace NONE = new HyperSpace(List.of());

    @TempDir
    Path tmp;

    private final SparkSession spark = SparkTestSession.get();

    private DataSet iris(String name, java.util.function.Predicate<String> keep) throws Exception {
        Path csv = DataTestSupport.irisSubset(tmp, name, keep);
        return DataSet.read(DataPrep.prepare(spark, ConfigFactory.parseString("data { path = \"" + csv
                + "\", label = species, validation-fraction = 0.4 }"), tmp));
    }

    private static double[] trained(DenseClassifier m) {
        double[] theta = new double[m.dimension()];
        m.initTheta(theta, 0, new SplittableRandom(3));
        new MomentumSgd(Binding.of(NONE, "lr", 0.1), Binding.of(NONE, "momentum", 0.9),
                Binding.of(NONE, "temperature", 0.0), m.dimension()).run(m, theta, 0, new double[0], 0,
                new double[m.dimension()], 0, 300, new SplittableRandom(4), new double[m.dimension()]);
        return theta;
    }

    /** Scores the validation section with the loaded model and compares with popdyn's predictions. */
    private void assertSamePredictions(DataSet ds, DenseClassifier m, double[] theta, Transformer loaded,
            boolean raw) {
        int n = ds.validationRows();
        int k = ds.classes();
        int[] pred = new int[n];
        m.predict(theta, 0, ds.validationX(), 0, n, pred);
        double[] probs = new double[n * k];
        m.probabilities(theta, 0, ds.validationX(), 0, n, probs);
        List<Row> out = loaded.transform(DataTestSupport.frame(spark, ds, true, raw))
                .select("prediction", "probability").collectAsList();
        assertThat(out).hasSize(n);
        for (int r = 0; r < n; r++) {
            assertThat((int) out.get(r).getDouble(0)).as("row " + r).isEqualTo(pred[r]);
            Vector pv = out.get(r).getAs(1);
            for (int c = 0; c < k; c++) {
                assertThat(pv.apply(c)).isCloseTo(probs[r * k + c], within(1e-9));
            }
        }
    }

    @Test
    void logisticExportsLoadAndPredictLikePopdyn() throws Exception {
        DataSet bin = iris("vv.csv", l -> !l.endsWith("setosa"));
        DenseClassifier b = new DenseClassifier(new DenseClassifier.Spec("logistic", new int[0],
                DenseClassifier.Hidden.RELU, DenseClassifier.Output.SIGMOID, 16, 0.001, 0.0), bin, NONE);
        double[] tb = trained(b);
        Path bdir = tmp.resolve("logistic-binomial");
        ModelExport.save(ModelExport.logistic(b, tb, 0, false), StoragePath.local(bdir));
        LogisticRegressionModel loaded = LogisticRegressionModel.load(bdir.toString());
        assertThat(loaded.numClasses()).isEqualTo(2);
        assertSamePredictions(bin, b, tb, loaded, false);
        DataSet all = iris("all.csv", l -> true);
        DenseClassifier mm = new DenseClassifier(new DenseClassifier.Spec("logistic", new int[0],
                DenseClassifier.Hidden.RELU, DenseClassifier.Output.SOFTMAX, 16, 0.001, 0.0), all, NONE);
        double[] tm = trained(mm);
        Path dir = tmp.resolve("logistic-multinomial");
        ModelExport.save(ModelExport.logistic(mm, tm, 0, true), StoragePath.local(dir));
        assertSamePredictions(all, mm, tm, LogisticRegressionModel.load(dir.toString()), true);
    }

    @Test
    void sigmoidMlpExportsToMllibOthersAreRefused() throws Exception {
        DataSet all = iris("all.csv", l -> true);
        DenseClassifier m = new DenseClassifier(new DenseClassifier.Spec("mlp", new int[]{6, 5},
                DenseClassifier.Hidden.SIGMOID, DenseClassifier.Output.SOFTMAX, 16, 0.0, 1.0), all, NONE);
        double[] theta = trained(m);
        Path dir = tmp.resolve("mlp");
        ModelExport.save(ModelExport.mlp(m, theta, 0, true), StoragePath.local(dir));
        MultilayerPerceptronClassificationModel loaded = MultilayerPerceptronClassificationModel.load(
                dir.toString());
        assertThat(loaded.getLayers()).containsExactly(4, 6, 5, 3);
        assertSamePredictions(all, m, theta, loaded, true);
        DenseClassifier relu = new DenseClassifier(new DenseClassifier.Spec("mlp", new int[]{6},
                DenseClassifier.Hidden.RELU, DenseClassifier.Output.SOFTMAX, 16, 0.0, 1.0), all, NONE);
        assertThatThrownBy(() -> ModelExport.mlp(relu, new double[relu.dimension()], 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu hidden layers");
    }

    @Test
    void reluAndTanhMlpsExportAsPopdynModelsThatLoadInAPipelineAndPredictLikePopdyn() throws Exception {
        DataSet all = iris("all.csv", l -> true);
        DataSet bin = iris("vv.csv", l -> !l.endsWith("setosa"));
        int saved = 0;
        for (DenseClassifier.Hidden act : DenseClassifier.Hidden.values()) {
            for (boolean raw : new boolean[] {true, false}) {
                DenseClassifier m = new DenseClassifier(new DenseClassifier.Spec("mlp", new int[]{6, 5}, act,
                        DenseClassifier.Output.SOFTMAX, 16, 0.0, 1.0), all, NONE);
                double[] theta = trained(m);
                Path dir = tmp.resolve("popdyn-mlp-" + act + "-" + raw);
                ModelExport.save(ModelExport.popdynMlp(m, theta, 0, raw), StoragePath.local(dir));
                PopdynMlpModel loaded = PopdynMlpModel.load(dir.toString());
                assertThat(loaded.layers()).containsExactly(4, 6, 5, 3);
                assertThat(loaded.numClasses()).isEqualTo(3);
                assertSamePredictions(all, m, theta, loaded, raw);

                PipelineModel fitted = new Pipeline().setStages(new PipelineStage[]{loaded})
                        .fit(DataTestSupport.frame(spark, all, false, raw));
                Path pipe = tmp.resolve("pipeline-" + act + "-" + raw);
                fitted.write().save(pipe.toString());
                assertSamePredictions(all, m, theta, PipelineModel.load(pipe.toString()), raw);
                saved++;
            }
            DenseClassifier b = new DenseClassifier(new DenseClassifier.Spec("mlp", new int[]{4}, act,
                    DenseClassifier.Output.SIGMOID, 16, 0.0, 1.0), bin, NONE);
            double[] tb = trained(b);
            Path bdir = tmp.resolve("popdyn-binary-" + act);
            ModelExport.save(ModelExport.popdynMlp(b, tb, 0, true), StoragePath.local(bdir));
            PopdynMlpModel lb = PopdynMlpModel.load(bdir.toString());
            assertThat(lb.numClasses()).isEqualTo(2);
            assertSamePredictions(bin, b, tb, lb, true);
        }
        assertThat(saved).isEqualTo(6);
    }
}
