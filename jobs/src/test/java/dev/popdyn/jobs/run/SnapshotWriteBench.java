package dev.popdyn.jobs.run;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.snapshot.ParquetFiles;
import dev.popdyn.jobs.snapshot.RunSchema;
import dev.popdyn.jobs.snapshot.WrittenFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The measurement behind {@link ParquetFiles#FORMAT} (BENCHMARKS.md, "Snapshot files"), not a test: one generation of
 * {@code conf/examples/quadratic.conf} at N agents, d = 16, K = 20 (θ written), then its agents, lineage and state
 * tables written REPEATS times per codec and row-group size into a temporary folder, printing the median time and the
 * bytes. Times are the writing thread's CPU time (the machine is shared). Usage (after {@code mvn -o -B -q test-compile
 * -pl jobs -am} and a {@code bin/popdyn} build):
 * <pre>
 * java -cp jobs/target/test-classes:jobs/target/classes:core/target/classes:$(cat jobs/target/spark-classpath.txt) \
 *     dev.popdyn.jobs.run.SnapshotWriteBench 10000 1000000
 * </pre>
 * With {@code -Dformat=chosen} only {@link ParquetFiles#FORMAT} is measured.
 */
public final class SnapshotWriteBench {
    private static final int REPEATS = 5;
    /** CPU time of the writing thread: the machine is shared, so wall time would measure the neighbours. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private SnapshotWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            measure(Integer.parseInt(a));
        }
    }

    private static void measure(int n) throws Exception {
        ExperimentParams p = ExperimentParams.parse(Files.readString(Path.of("conf/examples/quadratic.conf"))
                + "\npopulation = " + n + "\nmodel.dim = 16\nfast.steps = 20\n");
        List<AgentRow> evaluated = new ArrayList<>(n);
        List<StepRow> steps = new ArrayList<>(n);
        try (Population pop = new Population(p, 2)) {
            GenerationResult r = pop.step(pop.initial(), 1);
            AgentBatch ev = r.evaluated();
            for (int i = 0; i < n; i++) {
                evaluated.add(AgentRow.of(ev, i));
                steps.add(LocalEngine.step(r, i));
            }
        }
        Path dir = Files.createTempDirectory("snapshot-bench");
        Configuration conf = new Configuration();
        List<String> hyper = p.hyper().names();
        System.out.printf(Locale.ROOT, "N = %d%n%-14s %10s %11s %14s %12s%n", n, "codec", "row group", "dictionary",
                "median CPU ms", "bytes");
        List<ParquetFiles.Format> formats = new ArrayList<>();
        if ("chosen".equals(System.getProperty("format"))) {
            formats.add(ParquetFiles.FORMAT);
        } else {
            for (boolean dict : new boolean[]{true, false}) {
                for (CompressionCodecName codec : List.of(CompressionCodecName.UNCOMPRESSED,
                        CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD)) {
                    for (int mb : dict ? new int[]{64} : new int[]{8, 64, 128}) {
                        formats.add(new ParquetFiles.Format(codec, mb << 20, dict));
                    }
                }
            }
        }
        for (ParquetFiles.Format f : formats) {
            double[] ms = new double[REPEATS];
            long bytes = 0;
            for (int k = 0; k < REPEATS; k++) {
                long t0 = CPU.getCurrentThreadCpuTime();
                List<WrittenFile> w = List.of(
                        write(RunSchema.AGENTS, dir, RunSchema.agents(hyper, true), evaluated, conf, f),
                        write(RunSchema.LINEAGE, dir, RunSchema.lineage(hyper), steps, conf, f),
                        write(RunSchema.STATE, dir, RunSchema.state(), steps, conf, f));
                ms[k] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
                bytes = w.stream().mapToLong(WrittenFile::bytes).sum();
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "%-14s %7d MB %11s %14.1f %12d%n", f.codec(), f.rowGroupBytes() >> 20,
                    f.dictionary(), ms[REPEATS / 2], bytes);
        }
    }

    private static <T> WrittenFile write(String table, Path dir, ParquetFiles.Layout<T> layout,
            List<? extends T> rows, Configuration conf, ParquetFiles.Format f) {
        try (ParquetFiles.Sink<T> s = ParquetFiles.open(table, dir.resolve(table).toUri().toString(), "part.parquet",
                layout, conf, f)) {
            for (T r : rows) {
                s.add(r);
            }
            return s.finish();
        }
    }
}
