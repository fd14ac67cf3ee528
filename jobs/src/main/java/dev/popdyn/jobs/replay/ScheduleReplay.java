package dev.popdyn.jobs.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunManifest;
import dev.popdyn.jobs.sweep.SingleParquetFile;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A schedule replay: one agent's hyperparameter schedule (the λ its ancestors used, generation by generation, from
 * {@link Ancestry}) re-run as a single trajectory on the driver with the core engine ({@link AgentOps}). θ starts as
 * {@code AgentOps.init} of the generation-1 ancestor; generation g runs {@link AgentOps#fastPhase} with λ = the
 * schedule's λ(g) under the id of the ancestor at g, so its draws are the ancestor's streams
 * {@code Streams.of(seed, g, ancestor, FAST | FITNESS)}. Where the chain switches (an exploit), the replay copies
 * nothing and resets nothing.
 *
 * <p>What matches the recorded values. Up to and including the generation after which the chain first switches,
 * the replay is the original computation, so fitness and instant fitness are equal bit for bit. After a switch the
 * replay's θ is still the one the recipient copied (the donor is the previous ancestor), but the original recipient
 * had its fitness history, optimiser state and age reset and the replay does not: with dynamics that carry state
 * (momentum, DQN) θ — and so every fitness — differs from then on; with stateless dynamics (Langevin, the reduced
 * Gibbs draw) θ and the instant fitness stay equal, and only a {@code window(m)} estimate differs (for up to m − 1
 * generations after each switch). Runs without selection never switch, so they are reproduced exactly throughout.
 *
 * <p>Writes {@code RUN/replay-<ID>/schedule.json} and {@code schedule.parquet}, never the run's tables. Stateless.
 */
public final class ScheduleReplay {
    private ScheduleReplay() {
    }

    /** One generation of the replay next to the original. */
    public record Generation(Ancestry.Step original, double fitness, double fitnessInstant) {
        /** Whether the replayed fitness and instant fitness equal the recorded ones exactly (NaN equals NaN). */
        public boolean exact() {
            return Double.compare(fitness, original.fitness()) == 0
                    && Double.compare(fitnessInstant, original.fitnessInstant()) == 0;
        }
    }

    /** The replay of one agent: its id, the per-generation results and where they were written. */
    public record Result(long agentId, List<Generation> generations, int firstSwitch, StoragePath folder) {
    }

    /** Replays {@code agentId} (null: the best agent of the last committed generation) of the run in {@code dir}. */
    public static Result run(SparkSession spark, StoragePath dir, Long agentId) {
        if (!RunDirectory.isRun(dir)) {
            throw new UserError(dir + ": not a run directory (no " + RunDirectory.RUN_JSON + ")");
        }
        RunDirectory rd = new RunDirectory(dir);
        ExperimentParams p = RunManifest.read(rd).params();
        long id = agentId != null ? agentId : Ancestry.bestOfLast(spark, rd);
        if (id < 0 || id >= p.population()) {
            throw new UserError("--agent: " + id + " is out of range (0.." + (p.population() - 1) + ")");
        }
        List<Ancestry.Step> chain = Ancestry.of(spark, rd, p.hyper(), id);
        List<Generation> gens = replay(p, chain);
        int firstSwitch = 0;
        for (Ancestry.Step s : chain) {
            if (s.exploitedAfter()) {
                firstSwitch = s.generation();
                break;
            }
        }
        StoragePath folder = rd.root().resolve("replay-" + id);
        write(spark, p.hyper(), rd, id, gens, firstSwitch, folder);
        return new Result(id, gens, firstSwitch, folder);
    }

    /** Runs the schedule of {@code chain} as a single agent; pure, no Spark. */
    public static List<Generation> replay(ExperimentParams p, List<Ancestry.Step> chain) {
        AgentBatch b = AgentOps.newBatch(p, 1);
        AgentOps.init(p, b, 0, chain.get(0).ancestorId());
        List<Generation> out = new ArrayList<>();
        for (Ancestry.Step s : chain) {
            System.arraycopy(s.hyper(), 0, b.hyper, 0, b.h);
            b.ids[0] = s.ancestorId();
            AgentOps.fastPhase(p, b, 0, 1, s.generation());
            out.add(new Generation(s, b.fitness[0], b.fitnessInstant[0]));
        }
        return out;
    }

    /** Prints the replay next to the original, one line per generation, and what is expected to match. */
    public static void print(Result r, HyperSpace hyper, PrintStream out) {
        out.println("replay of agent " + r.agentId() + " (" + r.generations().size() + " generations)");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%4s %9s", "gen", "ancestor"));
        for (int k = 0; k < hyper.size(); k++) {
            head.append(String.format(Locale.ROOT, " %12s", hyper.dim(k).name()));
        }
        head.append(String.format(Locale.ROOT, " %15s %15s %15s %15s  %s", "fitness", "replay", "instant",
                "replay_instant", "match"));
        out.println(head);
        for (Generation g : r.generations()) {
            Ancestry.Step s = g.original();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4d %9d", s.generation(),
                    s.ancestorId()));
            for (double v : s.hyper()) {
                sb.append(String.format(Locale.ROOT, " %12.6g", v));
            }
            sb.append(String.format(Locale.ROOT, " %15.9g %15.9g %15.9g %15.9g  %s%s", s.fitness(), g.fitness(),
                    s.fitnessInstant(), g.fitnessInstant(), g.exact() ? "exact" : "differs",
                    s.exploitedAfter() ? "   (exploit after this generation: ancestor switches)" : ""));
            out.println(sb);
        }
        if (r.firstSwitch() == 0) {
            out.println("the chain never switches (no exploit): the replay is expected to match every generation "
                    + "exactly");
        } else {
            out.println("expected exact through generation " + r.firstSwitch() + " (first exploit in the chain); "
                    + "afterwards the original's history/optimiser state were reset, the replay's were not");
        }
        out.println("written: " + r.folder().resolve("schedule.json") + ", " + r.folder().resolve("schedule.parquet"));
    }

    private static void write(SparkSession spark, HyperSpace hyper, RunDirectory rd, long id, List<Generation> gens,
            int firstSwitch, StoragePath folder) {
        ObjectNode n = RunDirectory.newJson();
        n.put("run", rd.root().toString());
        n.put("run_id", RunManifest.read(rd).runId());
        n.put("agent_id", id);
        n.put("first_exploit_after_generation", firstSwitch);
        n.put("note", "ancestor_id: the agent whose lambda and random streams generation g uses; non-finite "
                + "fitness values are written as null");
        ArrayNode rows = n.putArray("schedule");
        List<Row> prow = new ArrayList<>();
        for (Generation g : gens) {
            Ancestry.Step s = g.original();
            ObjectNode o = rows.addObject();
            o.put("generation", s.generation());
            o.put("ancestor_id", s.ancestorId());
            ObjectNode h = o.putObject("hyper");
            for (int k = 0; k < hyper.size(); k++) {
                h.put(hyper.dim(k).name(), s.hyper()[k]);
            }
            finite(o, "fitness", s.fitness());
            finite(o, "fitness_instant", s.fitnessInstant());
            o.put("exploited_after", s.exploitedAfter());
            finite(o, "replay_fitness", g.fitness());
            finite(o, "replay_fitness_instant", g.fitnessInstant());
            o.put("exact", g.exact());
            List<Object> v = new ArrayList<>();
            v.add(s.generation());
            v.add(s.ancestorId());
            if (hyper.size() > 0) {
                Object[] hv = new Object[hyper.size()];
                for (int k = 0; k < hv.length; k++) {
                    hv[k] = s.hyper()[k];
                }
                v.add(RowFactory.create(hv));
            }
            v.add(s.fitness());
            v.add(s.fitnessInstant());
            v.add(s.exploitedAfter());
            v.add(g.fitness());
            v.add(g.fitnessInstant());
            v.add(g.exact());
            prow.add(RowFactory.create(v.toArray()));
        }
        StructType t = new StructType().add("generation", DataTypes.IntegerType, false)
                .add("ancestor_id", DataTypes.LongType, false);
        if (hyper.size() > 0) {
            StructType h = new StructType();
            for (int k = 0; k < hyper.size(); k++) {
                h = h.add(hyper.dim(k).name(), DataTypes.DoubleType, false);
            }
            t = t.add("hyper", h, false);
        }
        t = t.add("fitness", DataTypes.DoubleType, false).add("fitness_instant", DataTypes.DoubleType, false)
                .add("exploited_after", DataTypes.BooleanType, false)
                .add("replay_fitness", DataTypes.DoubleType, false)
                .add("replay_fitness_instant", DataTypes.DoubleType, false)
                .add("exact", DataTypes.BooleanType, false);
        folder.mkdirs();
        folder.resolve("schedule.json").writeString(n.toPrettyString());
        SingleParquetFile.write(spark, prow, t, folder.resolve("schedule.parquet"));
    }

    private static void finite(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }
}
