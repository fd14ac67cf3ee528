package dev.popdyn.jobs;

import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popdyn query} reads and never writes: every statement that is not one read-only query is refused with one
 * {@code error:} line before it runs, the run directory stays byte-for-byte as it was and no {@code spark-warehouse}
 * appears; a result cut at {@code --limit} is always announced.
 */
class QueryReadOnlyTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void smallRun() throws Exception {
        SparkTestSession.get();
        Path conf = tmp.resolve("small.conf");
        Files.writeString(conf, """
                seed = 7
                population = 40
                generations = 2
                model { name = quadratic, dim = 2 }
                fast { steps = 2, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 2 }
                """);
        run = tmp.resolve("run");
        Result r = cli("run", conf.toString(), "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static void assertRefused(String sql, String... mentions) throws Exception {
        Map<String, String> before = HostileInputTest.tree(run);
        Result r = cli("query", run.toString(), sql);
        assertThat(r.code()).as(sql + ": " + r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: query: ");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        for (String m : mentions) {
            assertThat(r.err()).contains(m);
        }
        assertThat(HostileInputTest.tree(run)).as(sql).isEqualTo(before);
    }

    @Test
    void insertOverwriteDirectoryIsRefusedAndTheCommittedGenerationSurvives() throws Exception {
        assertRefused("INSERT OVERWRITE DIRECTORY '" + run.resolve("summary/generation=1").toUri()
                + "' USING parquet SELECT * FROM summary", "read-only");
        assertThat(cli("query", run.toString(), "select count(*) from summary where generation = 1").out())
                .contains("1");
    }

    @Test
    void createTableAsSelectIsRefusedAndNoWarehouseAppears() throws Exception {
        boolean warehouseBefore = Files.exists(Path.of("spark-warehouse"));
        assertRefused("CREATE TABLE t USING parquet AS SELECT * FROM summary", "read-only");
        assertThat(Files.exists(Path.of("spark-warehouse"))).isEqualTo(warehouseBefore);
    }

    @Test
    void everyOtherStatementKindIsRefused() throws Exception {
        for (String sql : new String[] {
            "INSERT INTO summary SELECT * FROM summary",
            "DROP VIEW agents",
            "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1",
            "SET spark.sql.shuffle.partitions = 1",
            "ADD JAR /tmp/x.jar",
            "CACHE TABLE summary",
            "REFRESH TABLE summary",
            "SELECT TRANSFORM(generation) USING 'touch /tmp/popdyn-pwned' AS (g) FROM summary",
            "SELECT * FROM summary WHERE generation IN (SELECT TRANSFORM(generation) USING 'cat' AS (g) FROM summary)",
        }) {
            assertRefused(sql, "read-only");
        }
        assertThat(Path.of("/tmp/popdyn-pwned")).doesNotExist();
        assertRefused("SELECT 1; DROP VIEW agents", "Syntax error");
    }

    @Test
    void readOnlyQueryFormsAreAccepted() {
        for (String sql : new String[] {
            "WITH g AS (SELECT generation FROM summary) SELECT max(generation) AS m FROM g",
            "TABLE summary",
            "VALUES (1, 2)",
            "SELECT generation FROM summary UNION ALL SELECT generation FROM summary",
            "FROM summary SELECT generation",
        }) {
            Result r = cli("query", run.toString(), sql);
            assertThat(r.code()).as(sql + ": " + r.err()).isZero();
        }
    }

    @Test
    void aCutResultIsAnnouncedInTableAndCsvAndLimitZeroPrintsAll() {
        String sql = "SELECT id FROM range(1500)";
        Result t = cli("query", run.toString(), sql);
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("(1000 rows; result cut at --limit 1000");
        Result c = cli("query", "--csv", run.toString(), sql);
        assertThat(c.out().strip().lines().count()).isEqualTo(1001);
        assertThat(c.err()).contains("result cut at --limit 1000");
        Result all = cli("query", "--csv", "--limit", "0", run.toString(), sql);
        assertThat(all.out().strip().lines().count()).isEqualTo(1501);
        assertThat(all.err()).isEmpty();
        Result exact = cli("query", "--csv", "--limit", "1500", run.toString(), sql);
        assertThat(exact.out().strip().lines().count()).isEqualTo(1501);
        assertThat(exact.err()).isEmpty();
        Result neg = cli("query", "--limit", "-1", run.toString(), sql);
        assertThat(neg.code()).isEqualTo(2);
        assertThat(neg.err()).startsWith("error: --limit: ");
    }
}
