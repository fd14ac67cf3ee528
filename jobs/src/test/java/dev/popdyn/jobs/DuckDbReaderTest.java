package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A third-party reader sees what {@code popdyn query} sees: DuckDB (its own Parquet reader, through JDBC) reading
 * {@code read_parquet('RUN/<table>/**}{@code /*.parquet', hive_partitioning = true)} of a finished run returns, per
 * generation, the same row count and column checksums as Spark SQL over the views {@code popdyn query} registers
 * ({@link RunViews}), for agents, lineage and summary. Integer sums must be equal; double sums may differ only by
 * summation order: at most 64 terms a generation, each rounding by ≤ 2⁻⁵³ relative, so 1e-13 relative is ample.
 */
class DuckDbReaderTest {
    /** Per-generation checksums, in SQL both engines accept (the table name is substituted). */
    private static final Map<String, String> CHECKSUMS = Map.of(
            "agents", "SELECT generation, count(*), sum(agent_id), sum(age), sum(fitness), sum(fitness_instant), "
                    + "sum(hyper.reg), sum(hyper.lr), sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END) FROM T "
                    + "GROUP BY generation ORDER BY generation",
            "lineage", "SELECT generation, count(*), sum(agent_id), sum(coalesce(donor_id, -1)), "
                    + "sum(CASE WHEN event = 'exploit' THEN 1 ELSE 0 END), sum(fitness), sum(donor_fitness), "
                    + "sum(hyper_after.reg) FROM T GROUP BY generation ORDER BY generation",
            "summary", "SELECT generation, count(*), sum(n), sum(exploited), sum(fitness_max), sum(fitness_mean), "
                    + "sum(fitness_q05), sum(ess_frac) FROM T GROUP BY generation ORDER BY generation");

    @Test
    void duckDbReadsWhatPopdynQueryReturns() throws SQLException {
        SparkSession spark = SparkTestSession.get();
        Path run = ReportTestRuns.small();
        assertThat(RunViews.register(spark, StoragePath.local(run))).contains("agents", "lineage", "summary");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (Map.Entry<String, String> e : CHECKSUMS.entrySet()) {
                String table = e.getKey();
                List<List<Object>> expected = new ArrayList<>();
                for (Row r : spark.sql(e.getValue().replace(" T ", " " + table + " ")).collectAsList()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 0; i < r.size(); i++) {
                        row.add(r.get(i));
                    }
                    expected.add(row);
                }
                String source = "read_parquet('" + run.resolve(table).toAbsolutePath() + "/**/*.parquet', "
                        + "hive_partitioning = true)";
                List<List<Object>> actual = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(e.getValue().replace(" T ", " " + source + " "))) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= cols; i++) {
                            row.add(rs.getObject(i));
                        }
                        actual.add(row);
                    }
                }
                assertThat(expected).as(table).hasSize(ReportTestRuns.GENERATIONS);
                assertThat(actual).as(table + ": DuckDB sees one row per committed generation")
                        .hasSameSizeAs(expected);
                for (int g = 0; g < expected.size(); g++) {
                    for (int c = 0; c < expected.get(g).size(); c++) {
                        assertSame(table + " generation " + (g + 1) + " column " + c, expected.get(g).get(c),
                                actual.get(g).get(c));
                    }
                }
            }
        }
    }

    private static void assertSame(String what, Object spark, Object duck) {
        assertThat(spark).as(what + " (Spark)").isInstanceOf(Number.class);
        assertThat(duck).as(what + " (DuckDB)").isInstanceOf(Number.class);
        if (spark instanceof Double || spark instanceof Float) {
            double s = ((Number) spark).doubleValue();
            double d = ((Number) duck).doubleValue();
            assertThat(d).as(what).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-13 * Math.abs(s)
                    + Double.MIN_NORMAL));
        } else {
            assertThat(((Number) duck).longValue()).as(what).isEqualTo(((Number) spark).longValue());
        }
    }
}
