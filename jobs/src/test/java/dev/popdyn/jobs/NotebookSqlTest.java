package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code %spark.sql} paragraph of every note in {@code notebooks/} runs in Spark SQL against a run produced
 * here and returns rows: the dynamic forms are substituted (the run directory into {@code ${run=…}}, defaults
 * elsewhere) and the views are registered exactly as the note's {@code %spark} paragraph does, translated to Java.
 * Charted paragraphs must return the columns their chart setting names at the indexes it gives. (That the files parse
 * with Zeppelin's own classes is tested in the notebooks module, apart from Spark.)
 */
class NotebookSqlTest {
    /** Zeppelin's simple-form pattern (org.apache.zeppelin.display.Input.VAR_PTN). */
    private static final Pattern FORM = Pattern.compile("([_])?[$][{]([^=}]*([=][^}]*)?)[}]");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static List<Path> notes() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("..", "notebooks"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".zpln")).sorted().toList();
        }
    }

    /** Replaces {@code ${run=…}} by {@code run} and every other form by its default (before a ',' of options). */
    static String substitute(String text, String run) {
        Matcher m = FORM.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String body = m.group(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? "" : body.substring(eq + 1);
            int comma = value.indexOf(',');
            if (comma >= 0) {
                value = value.substring(0, comma);
            }
            if (name.equals("run")) {
                value = run;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static int[] committed(FileSystem fs, org.apache.hadoop.fs.Path root) throws IOException {
        return Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path(root, "_committed")))
                .map(st -> st.getPath().getName()).filter(n -> n.matches("[0-9]+")).mapToInt(Integer::parseInt)
                .sorted().toArray();
    }

    static String[] parts(FileSystem fs, org.apache.hadoop.fs.Path root, String table) throws IOException {
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(root, table);
        List<String> out = new ArrayList<>();
        for (int g : committed(fs, root)) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(base, "generation=" + g);
            if (fs.exists(p)) {
                out.add(p.toString());
            }
        }
        return out.toArray(new String[0]);
    }

    /** The REGISTER_RUN paragraph in Java. */
    static void registerRun(SparkSession spark, String run) throws IOException {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(run);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        for (String table : List.of("agents", "lineage", "summary")) {
            String[] parts = parts(fs, root, table);
            if (parts.length > 0) {
                spark.read().option("basePath", new org.apache.hadoop.fs.Path(root, table).toString()).parquet(parts)
                        .createOrReplaceTempView(table);
            }
        }
        spark.read().option("multiLine", "true").json(new org.apache.hadoop.fs.Path(root, "run.json").toString())
                .createOrReplaceTempView("run_info");
    }

    /** The REGISTER_SWEEP paragraph in Java. */
    static void registerSweep(SparkSession spark, String folder) throws IOException {
        org.apache.hadoop.fs.Path top = new org.apache.hadoop.fs.Path(folder);
        FileSystem fs = top.getFileSystem(spark.sparkContext().hadoopConfiguration());
        List<org.apache.hadoop.fs.Path> runs = new ArrayList<>();
        runs.add(top);
        for (FileStatus st : fs.listStatus(top)) {
            if (st.isDirectory()) {
                runs.add(st.getPath());
            }
        }
        runs.removeIf(p -> {
            try {
                return !fs.exists(new org.apache.hadoop.fs.Path(p, "run.json"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Dataset<Row> infos = null;
        Dataset<Row> summaries = null;
        for (org.apache.hadoop.fs.Path root : runs) {
            Dataset<Row> info = spark.read().option("multiLine", "true")
                    .json(new org.apache.hadoop.fs.Path(root, "run.json").toString())
                    .selectExpr("run_id", "model", "population", "generations", "seed", "config_sha256",
                            "to_json(config) AS config").withColumn("run", functions.lit(root.getName()));
            infos = infos == null ? info : infos.union(info);
            String[] parts = parts(fs, root, "summary");
            if (parts.length > 0) {
                Dataset<Row> s = spark.read().option("basePath", new org.apache.hadoop.fs.Path(root, "summary")
                        .toString()).parquet(parts).selectExpr("generation", "n", "fitness_mean", "fitness_max",
                        "fitness_q05", "fitness_q95", "ess_frac", "exploited", "w1_reference")
                        .withColumn("run", functions.lit(root.getName()));
                summaries = summaries == null ? s : summaries.union(s);
            }
        }
        infos.createOrReplaceTempView("sweep_runs");
        summaries.createOrReplaceTempView("sweep_summary");
    }

    @Test
    void everySqlParagraphReturnsRowsOnARun() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path run = ReportTestRuns.small();
        Path sweep = tmp.resolve("sweep");
        ReportTestRuns.copy(run, sweep.resolve("small-run"));
        ReportTestRuns.copy(Path.of("..", "data", "sample-run"), sweep.resolve("sample-run"));
        List<Path> notes = notes();
        assertThat(notes).hasSize(6);
        int executed = 0;
        for (Path note : notes) {
            JsonNode paragraphs = JSON.readTree(note.toFile()).path("paragraphs");
            String register = paragraphs.get(0).path("text").asText();
            assertThat(register).startsWith("%spark(form=simple)\n").contains("${run=");
            boolean isSweep = register.contains("sweep_summary");
            String dir = (isSweep ? sweep : run).toAbsolutePath().toString();
            assertThat(substitute(register, dir)).contains("new Path(\"" + dir + "\")");
            if (isSweep) {
                registerSweep(spark, dir);
            } else {
                registerRun(spark, dir);
            }
            for (int k = 1; k < paragraphs.size(); k++) {
                JsonNode p = paragraphs.get(k);
                String text = p.path("text").asText();
                assertThat(text).as(note + " #" + k).startsWith("%spark.sql\n");
                String sql = substitute(text.substring(text.indexOf('\n') + 1), dir);
                Dataset<Row> df = spark.sql(sql);
                List<Row> rows = df.collectAsList();
                assertThat(rows).as(note.getFileName() + " #" + k + " " + p.path("title").asText()).isNotEmpty();
                JsonNode graph = p.path("config").path("results").path("0").path("graph");
                for (String role : List.of("keys", "values", "groups")) {
                    for (JsonNode c : graph.path(role)) {
                        assertThat(df.columns()[c.path("index").asInt()]).as(note.getFileName() + " #" + k + " "
                                + role).isEqualTo(c.path("name").asText());
                    }
                }
                executed++;
            }
        }
        assertThat(executed).isGreaterThanOrEqualTo(20);
    }
}
