package dev.popdyn.notebooks.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.jobs.api.Popdyn;
import dev.popdyn.jobs.api.PopdynRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.zeppelin.display.Input;
import org.apache.zeppelin.interpreter.util.SqlSplitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every paragraph of every note in {@code notebooks/} runs, in order, as Zeppelin runs it: the paragraph text split
 * into interpreter, local properties and script; simple forms substituted by Zeppelin's {@link Input#getSimpleQuery}
 * from the paragraph's saved form values (the {@code run} form set to a run made here, or to a folder of runs; the
 * {@code out} form to a fresh folder) where Zeppelin does so ({@code %spark.sql}, and {@code %spark(form=simple)});
 * {@code %spark} paragraphs compiled and run by the Scala interpreter ({@link ScalaRepl}) with popdyn's jobs classes
 * on its classpath; {@code %spark.sql} paragraphs split into statements by Zeppelin's {@link SqlSplitter} and run in
 * Spark SQL, each statement returning rows, a charted paragraph's columns at the indexes its chart setting names.
 * Also runs the spark-shell example of the README. On the Spark of the classpath: 4.1 by default, 4.0.1 with
 * {@code -Pspark-4.0}.
 */
class NotesRunTest {
    private static final Pattern HEADER = Pattern.compile("%([\\w.]+)(?:\\(([^)]*)\\))?\\s+(.*)", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A small experiment (N = 64, 5 generations, two hyperparameters). */
    private static final String SMALL = """
            seed = 3
            population = 64
            generations = 5
            model { name = quadratic, dim = 3, center = 1.0, target = 0.5 }
            fast { steps = 10, lr = 0.05, temperature = 0.1 }
            hyper {
              reg { lo = 0, hi = 3, init = "uniform(2, 3)" }
              lr { lo = 0.005, hi = 0.2, scale = log }
            }
            fitness { estimator = window, window = 2 }
            selection { rule = truncation, fraction = 0.25 }
            mutation { sigma = 0.1 }
            execution { partitions = 2, theta-every = 0 }
            """;

    @TempDir
    static Path tmp;

    static Path repo;
    static SparkSession spark;
    static ScalaRepl repl;
    static Path run;
    static Path sweep;

    @BeforeAll
    static void start() throws IOException {
        repo = Path.of(System.getProperty("popdyn.repo", "../..")).toAbsolutePath().normalize();
        spark = SparkSession.builder().master("local[2]").appName("popdyn-notes")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
        assertThat(spark.version()).isEqualTo(System.getProperty("popdyn.notes.spark.version", spark.version()));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        run = Path.of(Popdyn.run(spark, SMALL, tmp.resolve("small-run").toString(), quiet).dir());
        sweep = tmp.resolve("sweep");
        copy(run, sweep.resolve("small-run"));
        copy(repo.resolve("data").resolve("sample-run"), sweep.resolve("sample-run"));
        repl = new ScalaRepl();
    }

    @AfterAll
    static void stop() {
        if (repl != null) {
            repl.close();
        }
    }

    static List<Path> notes() throws IOException {
        try (Stream<Path> s = Files.list(repo.resolve("notebooks"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".zpln")).sorted().toList();
        }
    }

    @Test
    void everyParagraphOfEveryNoteRuns() throws IOException {
        List<Path> notes = notes();
        assertThat(notes).hasSize(7);
        int scala = 0;
        int sql = 0;
        for (Path note : notes) {
            JsonNode paragraphs = JSON.readTree(note.toFile()).path("paragraphs");
            assertThat(paragraphs.size()).isGreaterThan(1);
            boolean isSweep = paragraphs.get(0).path("text").asText().contains("sweep_summary");
            Map<String, Object> forms = Map.of("run", (isSweep ? sweep : run).toString(),
                    "out", tmp.resolve("in-notebook-" + note.getFileName()).toString());
            for (int k = 0; k < paragraphs.size(); k++) {
                JsonNode p = paragraphs.get(k);
                String where = note.getFileName() + " #" + k + " " + p.path("title").asText();
                Matcher m = HEADER.matcher(p.path("text").asText());
                assertThat(m.matches()).as(where).isTrue();
                String interpreter = m.group(1);
                boolean simpleForms = interpreter.equals("spark.sql") || "form=simple".equals(m.group(2));
                String script = simpleForms ? Input.getSimpleQuery(params(p, forms), m.group(3), false) : m.group(3);
                assertThat(script).as(where).doesNotContain("${");
                switch (interpreter) {
                    case "spark" -> {
                        repl.run(script);
                        scala++;
                    }
                    case "spark.sql" -> {
                        runSql(script, p, where);
                        sql++;
                    }
                    default -> throw new AssertionError(where + ": unexpected interpreter " + interpreter);
                }
            }
        }
        assertThat(scala).isGreaterThanOrEqualTo(8);
        assertThat(sql).isGreaterThanOrEqualTo(25);
    }

    /** The paragraph's saved form values (Zeppelin's defaults), with the test's folders for run and out. */
    private static Map<String, Object> params(JsonNode p, Map<String, Object> forms) {
        Map<String, Object> params = new LinkedHashMap<>();
        p.path("settings").path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue()
                .asText()));
        forms.forEach((k, v) -> {
            if (params.containsKey(k)) {
                params.put(k, v);
            }
        });
        return params;
    }

    private static void runSql(String script, JsonNode p, String where) {
        List<String> statements = new SqlSplitter().splitSql(script).stream().filter(s -> !s.isBlank()).toList();
        assertThat(statements).as(where).isNotEmpty();
        Dataset<Row> first = null;
        for (String statement : statements) {
            Dataset<Row> df = spark.sql(statement);
            assertThat(df.collectAsList()).as(where).isNotEmpty();
            first = first == null ? df : first;
        }
        JsonNode graph = p.path("config").path("results").path("0").path("graph");
        for (String role : List.of("keys", "values", "groups")) {
            for (JsonNode c : graph.path(role)) {
                assertThat(first.columns()[c.path("index").asInt()]).as(where + " " + role)
                        .isEqualTo(c.path("name").asText());
            }
        }
    }

    /**
     * The README's spark-shell example, run from the repository root with the shaded jar: its relative paths are
     * resolved against the repository here and its output folder is a fresh one. It reruns the sample run's config,
     * so the run it makes must equal the committed sample run row for row (same seed; results do not depend on the
     * partition count).
     */
    @Test
    void readmeSparkShellExampleRuns() throws IOException {
        String readme = Files.readString(repo.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("spark-shell --jars [^\\n]*\\n```\\n```scala\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(m.find()).as("README: a spark-shell command followed by a scala block").isTrue();
        Path out = tmp.resolve("shell-run");
        String code = m.group(1).replace("\"conf/", "\"" + repo.resolve("conf") + "/")
                .replace("\"data/", "\"" + repo.resolve("data") + "/")
                .replace("\"/tmp/popdyn-shell-run\"", "\"" + out + "\"");
        assertThat(code).contains(out.toString());
        repl.run(code);
        PopdynRun made = Popdyn.open(spark, out.toString());
        PopdynRun sample = Popdyn.open(spark, repo.resolve("data").resolve("sample-run").toString());
        assertThat(made.provenance().configSha256()).isEqualTo(sample.provenance().configSha256());
        String[] cols = {"generation", "fitness_max", "fitness_mean", "exploited"};
        assertThat(rows(made.summary().selectExpr(cols).orderBy("generation")))
                .isEqualTo(rows(sample.summary().selectExpr(cols).orderBy("generation")));
    }

    private static List<String> rows(Dataset<Row> df) {
        return df.collectAsList().stream().map(Row::toString).toList();
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
