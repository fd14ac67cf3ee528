package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.run.AgentRow;
import dev.popdyn.jobs.snapshot.ParquetFiles;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet files popdyn writes itself ({@link ParquetFiles}, {@link dev.popdyn.jobs.snapshot.GenerationWriter}):
 * each marker records every file with the SHA-256 of its bytes (checked here against java.security over the bytes
 * read back), its size and its rows (counted by Spark); Spark reads every table with the schema docs/design.md §4
 * documents, written out below by hand; and a {@code state} checkpoint written by Spark's own bean encoder (runs
 * from before these writers) reads back through the Spark-free reader unchanged. Both engines are covered.
 */
class SnapshotFilesTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A small two-layer run with the trajectory table and θ written every generation. */
    static final ExperimentParams P = ExperimentParams.parse(TrajectoryTableTest.CONF
            + "trajectory.every = 7\n");

    private static Path run(SparkSession spark, Path dir, String engine, int partitions) {
        return SparkEquivalenceTest.run(spark, P, dir, new ExecutionParams(partitions, 1, 2, "unused", engine));
    }

    @Test
    void markersRecordEachFilesSha256SizeAndRows() throws Exception {
        SparkSession spark = SparkTestSession.get();
        for (Path dir : List.of(run(spark, tmp.resolve("spark"), "spark", 3),
                run(spark, tmp.resolve("local"), "local", 0))) {
            for (int g = 1; g <= P.generations(); g++) {
                JsonNode files = JSON.readTree(dir.resolve("_committed/" + g).toFile()).path("files");
                List<String> tables = new ArrayList<>();
                files.fieldNames().forEachRemaining(tables::add);
                assertThat(tables).as(dir + " generation " + g).contains("agents", "lineage", "summary",
                        "trajectory");
                assertThat(tables.contains("state")).as(dir + " generation " + g + " checkpoint")
                        .isEqualTo(g == P.generations());
                if (g < P.generations()) {
                    assertThat(dir.resolve("state/generation=" + g)).as("older checkpoint deleted").doesNotExist();
                }
                for (String table : tables) {
                    Path folder = dir.resolve(table + "/generation=" + g);
                    if (table.equals("state") && !Files.isDirectory(folder)) {
                        continue;
                    }
                    List<String> present;
                    try (Stream<Path> s = Files.list(folder)) {
                        present = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet"))
                                .sorted().toList();
                    }
                    List<String> recorded = new ArrayList<>();
                    long rows = 0;
                    for (JsonNode f : files.path(table)) {
                        Path file = folder.resolve(f.path("name").asText());
                        byte[] bytes = Files.readAllBytes(file);
                        String where = file.toString();
                        assertThat(f.path("sha256").asText()).as(where).isEqualTo(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
                        assertThat(f.path("size").asLong()).as(where).isEqualTo(bytes.length);
                        assertThat(f.path("rows").asLong()).as(where)
                                .isEqualTo(spark.read().parquet(file.toString()).count());
                        recorded.add(f.path("name").asText());
                        rows += f.path("rows").asLong();
                    }
                    assertThat(recorded).as(folder + ": every file recorded").isEqualTo(present);
                    long expectedRows = table.equals("summary") ? 1 : table.equals("trajectory") ? 30 * 3 : 30;
                    assertThat(rows).as(folder.toString()).isEqualTo(expectedRows);
                }
            }
        }
    }

    @Test
    void sparkReadsEachTableWithTheDocumentedSchema() {
        SparkSession spark = SparkTestSession.get();
        for (Path dir : List.of(run(spark, tmp.resolve("spark"), "spark", 2),
                run(spark, tmp.resolve("local"), "local", 0))) {
            StructType hyper = new StructType().add("eps", DataTypes.DoubleType);
            StructType agents = new StructType().add("agent_id", DataTypes.LongType)
                    .add("theta", DataTypes.createArrayType(DataTypes.DoubleType))
                    .add("hyper", hyper).add("fitness", DataTypes.DoubleType)
                    .add("fitness_instant", DataTypes.DoubleType).add("age", DataTypes.IntegerType)
                    .add("status", DataTypes.StringType).add("generation", DataTypes.IntegerType);
            StructType lineage = new StructType().add("agent_id", DataTypes.LongType)
                    .add("donor_id", DataTypes.LongType).add("event", DataTypes.StringType)
                    .add("hyper_before", hyper).add("hyper_after", hyper).add("fitness", DataTypes.DoubleType)
                    .add("donor_fitness", DataTypes.DoubleType).add("generation", DataTypes.IntegerType);
            StructType state = new StructType().add("agentId", DataTypes.LongType)
                    .add("theta", DataTypes.createArrayType(DataTypes.DoubleType))
                    .add("hyper", DataTypes.createArrayType(DataTypes.DoubleType))
                    .add("history", DataTypes.createArrayType(DataTypes.DoubleType))
                    .add("historyCount", DataTypes.IntegerType)
                    .add("optState", DataTypes.createArrayType(DataTypes.DoubleType))
                    .add("age", DataTypes.IntegerType).add("status", DataTypes.ByteType)
                    .add("fitness", DataTypes.DoubleType).add("fitnessInstant", DataTypes.DoubleType)
                    .add("generation", DataTypes.IntegerType);
            StructType trajectory = new StructType().add("agent_id", DataTypes.LongType)
                    .add("step", DataTypes.LongType).add("risk", DataTypes.DoubleType)
                    .add("mean_overlap", DataTypes.DoubleType).add("mean_abs_overlap", DataTypes.DoubleType)
                    .add("max_abs_overlap", DataTypes.DoubleType).add("mean_a", DataTypes.DoubleType)
                    .add("generation", DataTypes.IntegerType);
            StructType summary = new StructType();
            for (String c : Summary.columns(P.hyper())) {
                summary = summary.add(c, DataTypes.DoubleType);
            }
            summary = summary.add("generation", DataTypes.IntegerType);
            assertSchema(spark, dir, "agents", agents);
            assertSchema(spark, dir, "lineage", lineage);
            assertSchema(spark, dir, "state", state);
            assertSchema(spark, dir, "trajectory", trajectory);
            assertSchema(spark, dir, "summary", summary);
            assertThat(spark.read().parquet(dir.resolve("lineage").toString()).where("event = 'keep'")
                    .where("donor_id is null and donor_fitness is null").count()).as("kept: null donor")
                    .isEqualTo(spark.read().parquet(dir.resolve("lineage").toString()).where("event = 'keep'")
                            .count()).isPositive();
        }
    }

    /** Names and types as Spark reads them (Spark reads every file column as nullable). */
    private static void assertSchema(SparkSession spark, Path dir, String table, StructType expected) {
        assertThat(spark.read().parquet(dir.resolve(table).toString()).schema().catalogString()).as(table)
                .isEqualTo(expected.catalogString());
    }

    @Test
    void stateWrittenBySparkReadsBackWithoutSpark() {
        SparkSession spark = SparkTestSession.get();
        List<AgentRow> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AgentRow r = new AgentRow();
            r.setAgentId(10 + i);
            r.setTheta(new double[]{i, -i, 0.5 * i});
            r.setHyper(new double[]{1e-3 * i});
            r.setHistory(new double[]{Double.NEGATIVE_INFINITY, i});
            r.setHistoryCount(i % 3);
            r.setOptState(new double[0]);
            r.setAge(i);
            r.setStatus((byte) (i % 2));
            r.setFitness(Double.NaN);
            r.setFitnessInstant(-i);
            rows.add(r);
        }
        Path dir = tmp.resolve("state-by-spark");
        spark.createDataset(rows, Encoders.bean(AgentRow.class)).selectExpr(RunSchema.STATE_COLUMNS
                .toArray(new String[0])).coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.toString());
        List<AgentRow> back = ParquetFiles.read(dir.toUri().toString(), RunSchema::stateRow, new Configuration());
        assertThat(back).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            AgentRow a = rows.get(i);
            AgentRow b = back.get(i);
            assertThat(b.getAgentId()).isEqualTo(a.getAgentId());
            assertThat(b.getTheta()).isEqualTo(a.getTheta());
            assertThat(b.getHyper()).isEqualTo(a.getHyper());
            assertThat(b.getHistory()).isEqualTo(a.getHistory());
            assertThat(b.getHistoryCount()).isEqualTo(a.getHistoryCount());
            assertThat(b.getOptState()).isEqualTo(a.getOptState());
            assertThat(b.getAge()).isEqualTo(a.getAge());
            assertThat(b.getStatus()).isEqualTo(a.getStatus());
            assertThat(Double.doubleToRawLongBits(b.getFitness())).isEqualTo(Double.doubleToRawLongBits(
                    a.getFitness()));
            assertThat(b.getFitnessInstant()).isEqualTo(a.getFitnessInstant());
        }
    }
}
