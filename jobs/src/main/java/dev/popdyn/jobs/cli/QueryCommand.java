package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.query.ReadOnlySql;
import dev.popdyn.jobs.query.RunViews;
import dev.popdyn.jobs.query.TablePrinter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn query RUN SQL}: one read-only Spark SQL query ({@link ReadOnlySql}) over the committed tables of a
 * run, printed as a table or CSV.
 */
@Command(name = "query", description = "Spark SQL over views agents, lineage, summary of a run's committed "
        + "generations; on a sweep directory also runs, and the run tables carry a run column.")
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Mixin
    DirArgument input;

    @Parameters(index = "1", paramLabel = "SQL", description = "the query, e.g. \"select * from summary\"")
    String sql;

    @Option(names = "--csv", description = "print CSV instead of an aligned table")
    boolean csv;

    @Option(names = "--limit", paramLabel = "N", description = "print at most N rows, 0 for all (default "
            + "${DEFAULT-VALUE}); a cut result is announced (with --csv on stderr)")
    int limit = 1000;

    @Mixin
    SparkMaster master;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new UserError("--limit: value " + limit + " is out of range (an integer >= 0; 0 prints all rows)");
        }
        SparkSession spark = master.session();
        RunViews.register(spark, input.path());
        ReadOnlySql.check(spark, sql);
        Dataset<Row> df;
        try {
            df = spark.sql(sql);
        } catch (Exception e) {
            if (e instanceof AnalysisException a) {
                throw new UserError("query: " + a.getSimpleMessage().replace('\n', ' '));
            }
            throw e;
        }
        TablePrinter.print(df, csv, limit, root.out(), root.err());
        return 0;
    }
}
