package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.SparkSessions;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.query.TablePrinter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code popdyn query RUN SQL}: Spark SQL over the committed tables of a run, printed as a table or CSV. */
@Command(name = "query", description = "Spark SQL over views agents, lineage, summary of a run's committed "
        + "generations; on a sweep directory also runs, and the run tables carry a run column.")
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory or sweep directory")
    String dir;

    @Parameters(index = "1", paramLabel = "SQL", description = "the query, e.g. \"select * from summary\"")
    String sql;

    @Option(names = "--csv", description = "print CSV instead of an aligned table")
    boolean csv;

    @Option(names = "--limit", paramLabel = "N", description = "print at most N rows (default ${DEFAULT-VALUE})")
    int limit = 1000;

    @Option(names = "--master", paramLabel = "M", description = "Spark master")
    String master;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UserError("--limit: value " + limit + " is out of range (an integer >= 1)");
        }
        SparkSession spark = SparkSessions.create(master, false);
        RunViews.register(spark, Common.dir("RUN_DIR", dir));
        Dataset<Row> df;
        try {
            df = spark.sql(sql);
        } catch (Exception e) {
            if (e instanceof AnalysisException a) {
                throw new UserError("query: " + a.getSimpleMessage().replace('\n', ' '));
            }
            throw e;
        }
        TablePrinter.print(df, csv, limit, main.out());
        return 0;
    }
}
