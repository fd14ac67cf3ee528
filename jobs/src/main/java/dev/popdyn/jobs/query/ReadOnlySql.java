package dev.popdyn.jobs.query;

import dev.popdyn.jobs.UserError;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Admits only SQL that reads: the text must parse with Spark's own parser as a query (the grammar's {@code query}
 * rule: {@code SELECT}, {@code WITH … SELECT}, {@code TABLE t}, {@code VALUES}, {@code FROM … SELECT}, set
 * operations), and its plan, subqueries included, may contain no command and no {@code TRANSFORM … USING} script.
 * Everything else — {@code INSERT} (also {@code INSERT OVERWRITE DIRECTORY}), {@code CREATE}, {@code DROP},
 * {@code SET}, {@code ADD JAR}, {@code CACHE}, {@code REFRESH}, several statements — is refused with one
 * {@link UserError}, before anything runs. Stateless; thread-safe as Spark's parser is.
 */
public final class ReadOnlySql {
    private ReadOnlySql() {
    }

    /** Throws a {@link UserError} unless {@code sql} is a single read-only query. */
    public static void check(SparkSession spark, String sql) {
        ParserInterface parser = spark.sessionState().sqlParser();
        LogicalPlan statement;
        try {
            statement = parser.parsePlan(sql);
        } catch (ParseException e) {
            throw new UserError("query: " + e.getSimpleMessage().replace('\n', ' '));
        }
        LogicalPlan query;
        try {
            query = parser.parseQuery(sql);
        } catch (ParseException e) {
            throw refused(statement.nodeName());
        }
        String writer = firstWriter(query);
        if (writer != null) {
            throw refused(writer);
        }
    }

    private static UserError refused(String what) {
        return new UserError("query: " + what + " is not allowed; query is read-only (one SELECT, WITH, TABLE or "
                + "VALUES query)");
    }

    /** The node name of the first command or script transformation in {@code plan} or its subqueries, or null. */
    private static String firstWriter(LogicalPlan plan) {
        if (plan instanceof Command || plan instanceof ScriptTransformation) {
            return plan.nodeName();
        }
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            String w = firstWriter(child);
            if (w != null) {
                return w;
            }
        }
        for (LogicalPlan sub : CollectionConverters.asJava(plan.subqueries())) {
            String w = firstWriter(sub);
            if (w != null) {
                return w;
            }
        }
        return null;
    }
}
