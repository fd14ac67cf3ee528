package dev.popdyn.jobs.cli;

import dev.popdyn.core.model.DenseClassifier;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.data.ModelExport;
import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.snapshot.RunLock;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn export RUN [--agent ID]}: writes an agent's weights as a Spark MLlib model (see {@link ModelExport}):
 * a {@code LogisticRegressionModel} for model {@code logistic}, a {@code MultilayerPerceptronClassificationModel}
 * for an {@code mlp} with sigmoid hidden layers, a {@link dev.popdyn.jobs.data.PopdynMlpModel} (load it with
 * {@code PopdynMlpModel.load} or inside a {@code PipelineModel}) for relu and tanh hidden layers. The agent is
 * taken from the latest committed generation whose θ was
 * snapshotted (the last generation always is); default: its best agent. Without {@code --out} the model goes to
 * {@code RUN/export-ID/}, written holding the run's writer lock ({@link RunLock}).
 */
@Command(name = "export", description = "Write an agent's weights as a Spark ML model (logistic, mlp).")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Mixin
    RunDirArgument run;

    @Option(names = "--agent", paramLabel = "ID", description = "agent id (default: best agent)")
    Long agent;

    @Option(names = "--out", paramLabel = "DIR", description = "model folder (default: RUN_DIR/export-<ID>)")
    String out;

    @Option(names = "--standardised", description = "expect standardised features (default: raw feature columns)")
    boolean standardised;

    @Mixin
    SparkMaster master;

    @Override
    public Integer call() {
        StoragePath dir = run.path();
        ExperimentParams p = RunManifest.read(run.open()).params();
        if (!(p.model() instanceof DenseClassifier model)) {
            throw new UserError("model.name: export needs model logistic or mlp, this run has '" + p.model().name()
                    + "'");
        }
        SparkSession spark = master.session();
        RunViews.register(spark, dir);
        Row g = spark.sql("select max(generation) from agents where theta is not null").first();
        if (g.isNullAt(0)) {
            throw new UserError(dir + ": no committed generation has θ snapshotted yet");
        }
        int gen = g.getInt(0);
        String filter = agent != null ? "agent_id = " + agent : "status = 'ok'";
        List<Row> rows = spark.sql("select agent_id, theta, fitness from agents where generation = " + gen
                + " and " + filter + " order by fitness desc, agent_id limit 1").collectAsList();
        if (rows.isEmpty()) {
            throw new UserError("--agent: no agent " + agent + " in generation " + gen);
        }
        long id = rows.get(0).getLong(0);
        List<Double> t = rows.get(0).getList(1);
        double[] theta = new double[t.size()];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = t.get(k);
        }
        StoragePath target = out != null ? StoragePath.of("--out", out) : dir.resolve("export-" + id);
        MLWritable m = model.sizes().length == 2 ? ModelExport.logistic(model, theta, 0, !standardised)
                : model.spec().activation() == DenseClassifier.Hidden.SIGMOID
                ? ModelExport.mlp(model, theta, 0, !standardised)
                : ModelExport.popdynMlp(model, theta, 0, !standardised);
        try (RunLock lock = out == null ? RunLock.acquire(dir, "export", root.err()) : null) {
            if (target.exists()) {
                throw new UserError(target + ": already exists (give another --out)");
            }
            ModelExport.save(m, target);
        }
        root.out().printf(Locale.ROOT, "exported agent %d of generation %d (validation log-loss %.6g, accuracy "
                + "%.4f) as %s to %s%n", id, gen, model.validationLogLoss(theta, 0), model.accuracy(theta, 0),
                m.getClass().getSimpleName(), target);
        return 0;
    }
}
