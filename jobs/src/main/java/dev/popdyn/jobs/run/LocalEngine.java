package dev.popdyn.jobs.run;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Lineage;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.engine.Summary;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.snapshot.GenerationWriter;
import dev.popdyn.jobs.snapshot.ParquetFiles;
import dev.popdyn.jobs.snapshot.RunDirectory;
import dev.popdyn.jobs.snapshot.RunSchema;
import dev.popdyn.jobs.snapshot.WrittenFile;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;

/**
 * The in-process engine ({@code execution.engine = local}, or {@code auto} for small populations,
 * {@link ExecutionParams#runsLocally}): the single-JVM reference engine {@link Population} (docs/design.md §2) runs each
 * generation on flat arrays in the driver, and the generation's rows — the same {@link AgentRow} and {@link StepRow}
 * beans the {@link SparkEngine} builds on its executors, made one at a time — are written by the driver as one part
 * of the same {@link GenerationWriter}, with no Spark job; a committed state is read back by parquet-hadoop's reader
 * ({@link ParquetFiles#read}). It needs no SparkSession: only a Hadoop {@link Configuration} for the run directory's
 * file system. Population and Spark engine are bit-identical for any partition or thread count, so the
 * run directory equals the Spark engine's row for row (the {@code ms_*} timings aside) and either engine resumes the
 * other's runs. Holds O(N) agents in the driver: meant for populations that fit there. Not thread-safe; one run per
 * instance; close it to stop the engine's threads.
 */
final class LocalEngine implements Engine<AgentBatch> {
    /** Fewest agents in a part file written by its own thread. */
    private static final int MIN_PART_ROWS = 4_096;

    private final Configuration conf;
    private final ExperimentParams p;
    private final ExecutionParams exec;
    private final RunDirectory dir;
    private final Population population;
    private final GenerationWriter writer;
    /** The fittest agent of the last generation {@link #step} ran. */
    private Fittest fittest;

    /** An engine of {@code p} writing {@code dir} through the Hadoop file systems of {@code conf}. */
    LocalEngine(Configuration conf, ExperimentParams p, ExecutionParams exec, RunDirectory dir) {
        this.conf = conf;
        this.p = p;
        this.exec = exec;
        this.dir = dir;
        this.population = new Population(p, exec.threads());
        this.writer = new GenerationWriter(dir, p.hyper(), p.trajectoryEvery() > 0, conf);
    }

    @Override
    public AgentBatch initial() {
        return population.initial();
    }

    /** The committed {@code state} rows of generation g, in id order, as a batch. */
    @Override
    public AgentBatch committedState(int g) {
        List<AgentRow> rows = ParquetFiles.read(dir.generationUri(RunSchema.STATE, g), RunSchema::stateRow, conf);
        rows.sort(Comparator.comparingLong(AgentRow::getAgentId));
        AgentBatch b = AgentOps.newBatch(p, rows.size());
        for (int k = 0; k < rows.size(); k++) {
            rows.get(k).into(b, k);
        }
        return b;
    }

    /**
     * Runs generation g with {@link Population#stepInPlace} (start is consumed), then writes it — {@link #writeParts} contiguous id ranges, one
     * part file per table each, written in parallel on the common fork-join pool — and commits it.
     */
    @Override
    public Step<AgentBatch> step(AgentBatch start, int g) {
        GenerationResult r = population.stepInPlace(start, g);
        long t0 = System.nanoTime();
        AgentBatch ev = r.evaluated();
        fittest = Fittest.of(ev);
        GenerationWriter.Parts parts = writer.begin(g, exec.writesTheta(g, p.generations()),
                exec.writesCheckpoint(g, p.generations()));
        int count = writeParts(ev.n);
        List<WrittenFile> files = IntStream.range(0, count).parallel().mapToObj(k -> {
            int lo = (int) ((long) k * ev.n / count);
            int hi = (int) ((long) (k + 1) * ev.n / count);
            AgentRow agent = new AgentRow();
            StepRow step = new StepRow();
            return parts.write(k, rows(lo, hi, i -> agent.load(ev, i)), rows(lo, hi, i -> step(step, r, i)), conf);
        }).flatMap(List::stream).toList();
        GenerationWriter.Written written = writer.written(parts, files);
        Summary timed = r.summary().with("ms_write", (System.nanoTime() - t0) / 1e6);
        written.commit(timed);
        return new Step<>(timed, r.next());
    }

    /** The fittest agent of the last generation {@link #step} ran (g). */
    @Override
    public Fittest fittest(int g) {
        return fittest;
    }

    /** Runs generation g with {@link Population#stepInPlace} (start is consumed); writes nothing. */
    @Override
    public AgentBatch recompute(AgentBatch start, int g) {
        return population.stepInPlace(start, g).next();
    }

    /**
     * Part files per table for n agents: one per engine thread ({@code execution.threads}, 0 = all cores), and no
     * part under {@value #MIN_PART_ROWS} rows.
     */
    private int writeParts(int n) {
        int threads = exec.threads() > 0 ? exec.threads() : Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(threads, n / MIN_PART_ROWS));
    }

    /**
     * Rows lo … hi − 1, each made when it is reached (the engine's writer refills one row object per table: the
     * writer consumes each row before asking for the next).
     */
    private static <T> Iterator<T> rows(int lo, int hi, IntFunction<T> row) {
        return new Iterator<>() {
            private int i = lo;

            @Override
            public boolean hasNext() {
                return i < hi;
            }

            @Override
            public T next() {
                if (i >= hi) {
                    throw new NoSuchElementException();
                }
                return row.apply(i++);
            }
        };
    }
    /**
     * Agent i's step row: its next-generation state ({@code r.next()}) and lineage event, as {@link ExploitFunction}
     * builds it on Spark (fitness and instant fitness stay the evaluated ones).
     */
    static StepRow step(GenerationResult r, int i) {
        return step(new StepRow(), r, i);
    }

    /** {@link #step(GenerationResult, int)} written into {@code s}, reusing its arrays (see {@link AgentRow#load}). */
    static StepRow step(StepRow s, GenerationResult r, int i) {
        Lineage lin = r.lineage();
        AgentBatch ev = r.evaluated();
        s.loadState(r.next(), i);
        s.setFitness(ev.fitness[i]);
        s.setFitnessInstant(ev.fitnessInstant[i]);
        s.setFitnessBefore(ev.fitness[i]);
        s.setHyperBefore(AgentRow.slice(s.getHyperBefore(), ev.hyper, i * ev.h, ev.h));
        boolean exploited = lin.donorId[i] >= 0;
        s.setDonorId(exploited ? lin.donorId[i] : null);
        s.setDonorFitness(exploited ? lin.donorFitness[i] : null);
        s.setResampled(lin.event[i] == Lineage.RESAMPLE);
        s.setEvent(Lineage.eventName(lin.event[i]));
        return s;
    }

    @Override
    public void release() {
    }

    @Override
    public void close() {
        population.close();
    }
}
