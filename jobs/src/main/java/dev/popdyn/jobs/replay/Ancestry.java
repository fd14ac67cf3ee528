package dev.popdyn.jobs.replay;

import static org.apache.spark.sql.functions.col;

import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The ancestry of one agent, reconstructed from a run's committed {@code lineage} and {@code agents} tables: walking
 * back from (agent, last generation G), the ancestor at generation g − 1 is the {@code donor_id} of the ancestor at g
 * in lineage(g − 1) when it was exploited there, else the same id (agent ids are slots: a recipient keeps its id and
 * takes its donor's θ and λ). The λ the ancestor used during g, its fitness and instant fitness are its
 * {@code agents} row at g. Reads two rows per generation (two small Spark lookups of one generation folder each);
 * the driver holds O(G) values. Stateless.
 */
public final class Ancestry {
    private Ancestry() {
    }

    /** One generation of the chain. */
    public record Step(int generation, long ancestorId, double[] hyper, double fitness, double fitnessInstant,
            String status, boolean exploitedAfter) {
    }

    /** The best agent of the last committed generation (highest fitness among healthy ones, ties by lowest id). */
    public static long bestOfLast(SparkSession spark, RunDirectory rd) {
        int g = lastGeneration(rd);
        List<Row> r = read(spark, rd, RunSchema.AGENTS, g).filter(col("status").equalTo("ok"))
                .orderBy(col("fitness").desc(), col("agent_id").asc()).select("agent_id").limit(1).collectAsList();
        if (r.isEmpty()) {
            throw new UserError(rd.root() + ": generation " + g + " has no healthy agent (all diverged); give --agent");
        }
        return r.get(0).getLong(0);
    }

    /** The chain of {@code agentId} at the last committed generation, generation 1 first. */
    public static List<Step> of(SparkSession spark, RunDirectory rd, HyperSpace hyper, long agentId) {
        int last = lastGeneration(rd);
        List<Step> out = new ArrayList<>();
        long a = agentId;
        boolean switched = false;
        for (int g = last; g >= 1; g--) {
            Row row = one(read(spark, rd, RunSchema.AGENTS, g).filter(col("agent_id")
                    .equalTo(a)));
            if (row == null) {
                throw new UserError("--agent: agent " + a + " not found in generation " + g + " of " + rd.root());
            }
            double[] h = new double[hyper.size()];
            if (hyper.size() > 0) {
                Row s = row.getStruct(row.fieldIndex("hyper"));
                for (int k = 0; k < h.length; k++) {
                    h[k] = s.getDouble(s.fieldIndex(hyper.dim(k).name()));
                }
            }
            out.add(new Step(g, a, h, row.getDouble(row.fieldIndex("fitness")),
                    row.getDouble(row.fieldIndex("fitness_instant")), row.getString(row.fieldIndex("status")),
                    switched));
            switched = false;
            if (g > 1) {
                Row lin = one(read(spark, rd, RunSchema.LINEAGE, g - 1)
                        .filter(col("agent_id").equalTo(a)).select("donor_id"));
                if (lin == null) {
                    throw new UserError(rd.root() + ": lineage of generation " + (g - 1) + " has no row for agent " + a);
                }
                if (!lin.isNullAt(0)) {
                    a = lin.getLong(0);
                    switched = true;
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    private static int lastGeneration(RunDirectory rd) {
        int g = rd.lastCommitted();
        if (g < 1 || !rd.generationDir(RunSchema.AGENTS, g).isDirectory()) {
            throw new UserError(rd.root() + ": run has no committed generation yet");
        }
        return g;
    }

    /** Committed generation g of a table: the files its marker lists ({@link RunDirectory#committedFiles}). */
    private static Dataset<Row> read(SparkSession spark, RunDirectory rd, String table, int g) {
        return spark.read().parquet(rd.committedFiles(table, g).toArray(new String[0]));
    }

    private static Row one(Dataset<Row> df) {
        List<Row> r = df.limit(2).collectAsList();
        return r.isEmpty() ? null : r.get(0);
    }
}
