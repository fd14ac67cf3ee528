package dev.popdyn.jobs.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.jobs.CliRun;
import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.api.Popdyn;
import dev.popdyn.jobs.api.PopdynRun;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run directory on a real HDFS: an in-process {@link MiniHdfs} (one NameNode, one DataNode on 127.0.0.1,
 * shared by the class, stopped after it) receives {@code run --until 2} → {@code resume} → query → report → verify →
 * replay → sweep → export, all addressed as {@code hdfs://127.0.0.1:PORT/…}. Every table must equal the same run on local disk
 * (same query output, the summary's wall-time columns {@code ms_*} aside; agents and lineage bit-identical: same file
 * sizes and SHA-256 per generation), and the checksums the
 * markers record (computed on the executors) must equal digests computed here from the bytes HDFS returns. Nothing
 * may appear on local disk for an {@code hdfs://} run.
 */
class HdfsStorageTest {
    @TempDir
    static Path tmp;
    static MiniHdfs cluster;
    static String hdfs;
    static Path conf;
    static Path local;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startHdfs() throws Exception {
        SparkTestSession.get();
        cluster = MiniHdfs.start(tmp.resolve("hdfs"));
        hdfs = cluster.uri();
        conf = tmp.resolve("small.conf");
        Files.writeString(conf, """
                seed = 11
                population = 40
                generations = 3
                model { name = quadratic, dim = 2 }
                fast { steps = 3, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 2, theta-every = 1 }
                """);
        local = tmp.resolve("local-run");
        ok(CliRun.cli("run", conf.toString(), "--out", local.toString()));
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static CliRun.Result ok(CliRun.Result r) {
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r;
    }

    private static FileSystem fs() throws IOException {
        return cluster.fs();
    }

    @Test
    void runResumeQueryReportVerifyReplayOnHdfsMatchLocalDisk() throws Exception {
        String run = hdfs + "/popdyn/x";
        CliRun.Result first = ok(CliRun.cli("run", conf.toString(), "--out", run, "--until", "2"));
        assertThat(first.out()).contains("stopped after generation 2");
        CliRun.Result resumed = ok(CliRun.cli("resume", run));
        assertThat(resumed.out()).contains("resume " + run + " after generation 2/3", "done: " + run);
        assertThat(fs().exists(new org.apache.hadoop.fs.Path("/popdyn/x/run.json"))).isTrue();
        assertThat(Path.of("hdfs:")).doesNotExist();

        for (String table : List.of("agents", "lineage", "summary")) {
            String sql = table.equals("summary")
                    ? "select * except (ms_fast, ms_slow, ms_write) from summary order by generation"
                    : "select * from " + table + " order by generation, agent_id";
            assertThat(ok(CliRun.cli("query", run, sql, "--csv")).out()).as(table)
                    .isEqualTo(ok(CliRun.cli("query", local.toString(), sql, "--csv")).out());
        }
        for (int g = 1; g <= 3; g++) {
            JsonNode onHdfs = marker(run, g);
            JsonNode onDisk = JSON.readTree(local.resolve("_committed/" + g).toFile());
            for (String table : List.of("agents", "lineage")) {
                assertThat(contents(onHdfs.path("files").path(table))).as(table + " " + g)
                        .isEqualTo(contents(onDisk.path("files").path(table)));
                for (JsonNode f : onHdfs.path("files").path(table)) {
                    assertThat(f.path("sha256").asText()).as("recorded digest of " + f.path("name").asText())
                            .isEqualTo(sha256("/popdyn/x/" + table + "/generation=" + g + "/"
                                    + f.path("name").asText()));
                }
            }
        }

        CliRun.Result report = ok(CliRun.cli("report", run));
        assertThat(report.out()).contains("report: " + run + "/report.html");
        try (InputStream in = fs().open(new org.apache.hadoop.fs.Path("/popdyn/x/report.html"))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("popdyn report");
        }
        assertThat(ok(CliRun.cli("verify", run)).out()).contains("intact: " + run, "3 committed generations");
        assertThat(ok(CliRun.cli("replay", run)).out().replace(run, "RUN"))
                .isEqualTo(ok(CliRun.cli("replay", local.toString())).out().replace(local.toString(), "RUN"));
        assertThat(List.of(fs().listStatus(new org.apache.hadoop.fs.Path("/popdyn/x"))))
                .anyMatch(st -> st.getPath().getName().startsWith("replay-"));
        assertThat(Path.of("hdfs:")).doesNotExist();
    }

    /**
     * Readers read exactly the files the markers list, never a folder listing (where a rename is a copy, a dead task
     * attempt's file can stay in a committed folder): a stray {@code part-…parquet} dropped into generation 1's
     * agents, lineage and summary folders on HDFS — a copy of generation 2's file, so a listing would read its rows
     * as generation 1's — leaves every query result, the report, replay and the Spark API's tables unchanged;
     * {@code verify} passes and {@code resume} deletes the strays.
     */
    @Test
    void strayPartFilesInACommittedGenerationAreNeverRead() throws Exception {
        String run = hdfs + "/popdyn/stray";
        ok(CliRun.cli("run", conf.toString(), "--out", run));
        Map<String, String> before = queries(run);
        String reportBefore = report(run);
        String replayBefore = ok(CliRun.cli("replay", run)).out();
        List<String> strays = new ArrayList<>();
        for (String table : List.of("agents", "lineage", "summary")) {
            String from = "/popdyn/stray/" + table + "/generation=2/"
                    + marker(run, 2).path("files").path(table).get(0).path("name").asText();
            String stray = "/popdyn/stray/" + table + "/generation=1/part-00009-5f1e-dead-attempt.parquet";
            try (InputStream in = fs().open(new org.apache.hadoop.fs.Path(from));
                    var out = fs().create(new org.apache.hadoop.fs.Path(stray), false)) {
                in.transferTo(out);
            }
            strays.add(stray);
        }
        assertThat(SparkTestSession.get().read().parquet(run + "/summary").count()).as("a listing reads the strays")
                .isEqualTo(4);

        assertThat(queries(run)).isEqualTo(before);
        assertThat(report(run)).isEqualTo(reportBefore);
        assertThat(ok(CliRun.cli("replay", run)).out()).isEqualTo(replayBefore);
        PopdynRun api = Popdyn.open(SparkTestSession.get(), run);
        assertThat(api.agents().count()).isEqualTo(3 * 40);
        assertThat(api.summary().count()).isEqualTo(3);
        assertThat(ok(CliRun.cli("verify", run)).out()).contains("intact: " + run, "3 committed generations");
        for (String stray : strays) {
            assertThat(fs().exists(new org.apache.hadoop.fs.Path(stray))).as(stray + " before resume").isTrue();
        }
        assertThat(ok(CliRun.cli("resume", run)).out()).contains("is complete (3/3 generations)");
        for (String stray : strays) {
            assertThat(fs().exists(new org.apache.hadoop.fs.Path(stray))).as(stray + " after resume").isFalse();
        }
        assertThat(queries(run)).isEqualTo(before);
    }

    /** The CSV output of a query of each table over all its rows (the summary's wall-time columns aside). */
    private static Map<String, String> queries(String run) {
        Map<String, String> out = new TreeMap<>();
        for (String table : List.of("agents", "lineage", "summary")) {
            String sql = table.equals("summary")
                    ? "select * except (ms_fast, ms_slow, ms_write) from summary order by generation"
                    : "select * from " + table + " order by generation, agent_id";
            out.put(table, ok(CliRun.cli("query", run, sql, "--csv")).out());
        }
        out.put("counts", ok(CliRun.cli("query", run, "select generation, count(*) from agents group by generation "
                + "order by generation", "--csv")).out());
        return out;
    }

    /** The HTML page {@code popdyn report RUN} writes next to the run. */
    private static String report(String run) throws IOException {
        ok(CliRun.cli("report", run));
        try (InputStream in = fs().open(new org.apache.hadoop.fs.Path(URI.create(run).getPath() + "/report.html"))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void verifyNamesAFileAlteredOnHdfs() throws Exception {
        String run = hdfs + "/popdyn/altered";
        ok(CliRun.cli("run", conf.toString(), "--out", run, "--until", "1"));
        String name = marker(run, 1).path("files").path("agents").get(0).path("name").asText();
        org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path("/popdyn/altered/agents/generation=1/" + name);
        byte[] b;
        try (InputStream in = fs().open(part)) {
            b = in.readAllBytes();
        }
        b[b.length / 2] ^= 0x01;
        try (var out = fs().create(part, true)) {
            out.write(b);
        }
        CliRun.Result r = CliRun.cli("verify", run);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("generation 1 is corrupt", "agents/generation=1/" + name,
                "checksum mismatch");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void sweepOnHdfsWritesItsRunsTableAndLock() throws Exception {
        Path spec = tmp.resolve("sweep.conf");
        Files.writeString(spec, """
                base {
                  population = 16
                  generations = 2
                  model { name = quadratic, dim = 2 }
                  fast { steps = 3, lr = 0.05, temperature = 0.1 }
                  hyper { reg { lo = 0, hi = 3 } }
                  execution { partitions = 2 }
                }
                grid { "fast.lr" = [0.05, 0.1] }
                seeds = [11]
                """);
        String sweep = hdfs + "/popdyn/sweep";
        CliRun.Result r = ok(CliRun.cli("sweep", spec.toString(), "--out", sweep));
        assertThat(r.out()).contains("sweep done: 2 runs, 2 done, 0 failed; table " + sweep + "/runs.parquet");
        assertThat(fs().exists(new org.apache.hadoop.fs.Path("/popdyn/sweep/.lock"))).as("lock released").isFalse();
        assertThat(ok(CliRun.cli("query", sweep, "select run, status from runs order by run", "--csv")).out())
                .contains("\"fast.lr=0.05,seed=11\",done", "\"fast.lr=0.1,seed=11\",done");
        assertThat(ok(CliRun.cli("sweep", spec.toString(), "--out", sweep)).out()).contains("(2 already done)");
    }

    @Test
    void exportOnHdfsLoadsInMllibWithTheCoefficientsOfTheLocalExport() throws Exception {
        Path iris = Path.of("..", "data", "iris.csv").toAbsolutePath().normalize();
        Path logistic = tmp.resolve("logistic.conf");
        Files.writeString(logistic, """
                seed = 2
                population = 6
                generations = 2
                data { path = "%s", label = species, validation-fraction = 0.3 }
                model { name = logistic, batch = 16 }
                fast { dynamics = momentum, steps = 20, lr = 0.2 }
                hyper { l2 { lo = 0.00001, hi = 0.01, scale = log } }
                execution { out = "%s", partitions = 2 }
                """.formatted(iris, tmp.resolve("data-cache")));
        String run = hdfs + "/popdyn/logistic";
        Path localRun = tmp.resolve("local-logistic");
        ok(CliRun.cli("run", logistic.toString(), "--out", run));
        ok(CliRun.cli("run", logistic.toString(), "--out", localRun.toString()));

        String model = hdfs + "/popdyn/models/best";
        Path localModel = tmp.resolve("local-model");
        CliRun.Result exported = ok(CliRun.cli("export", run, "--out", model));
        assertThat(exported.out()).contains("LogisticRegressionModel to " + model);
        CliRun.Result exportedLocally = ok(CliRun.cli("export", localRun.toString(), "--out",
                localModel.toString()));
        assertThat(exported.out().replace(model, "MODEL"))
                .isEqualTo(exportedLocally.out().replace(localModel.toString(), "MODEL"));
        assertThat(fs().exists(new org.apache.hadoop.fs.Path("/popdyn/models/best/metadata"))).isTrue();

        LogisticRegressionModel onHdfs = LogisticRegressionModel.load(model);
        LogisticRegressionModel onDisk = LogisticRegressionModel.load(localModel.toString());
        assertThat(onHdfs.numClasses()).isEqualTo(3);
        assertThat(onHdfs.coefficientMatrix().toArray()).isEqualTo(onDisk.coefficientMatrix().toArray());
        assertThat(onHdfs.interceptVector().toArray()).isEqualTo(onDisk.interceptVector().toArray());
        assertThat(onHdfs.coefficientMatrix().numRows()).isEqualTo(onDisk.coefficientMatrix().numRows());
        assertThat(Path.of("hdfs:")).doesNotExist();
    }

    private static JsonNode marker(String run, int g) throws IOException {
        try (InputStream in = fs().open(new org.apache.hadoop.fs.Path(URI.create(run).getPath() + "/_committed/"
                + g))) {
            return JSON.readTree(in);
        }
    }

    /** The recorded files of one table without their names (which hold a random id): size and digest each. */
    private static List<String> contents(JsonNode files) {
        List<String> out = new ArrayList<>();
        files.forEach(f -> out.add(f.path("size").asLong() + ":" + f.path("sha256").asText()));
        out.sort(null);
        return out;
    }

    private static String sha256(String path) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = fs().open(new org.apache.hadoop.fs.Path(path))) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
