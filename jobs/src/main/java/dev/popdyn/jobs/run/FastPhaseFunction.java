package dev.popdyn.jobs.run;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.params.ExperimentParams;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The fast phase of one generation on one partition: the partition's rows become an {@link AgentBatch} (flat
 * arrays), {@link AgentOps#fastPhase} runs on it, and the rows come back in place (the partition's id range, {@link IdRanges}, is kept). No communication, no per-agent Spark job.
 * Serializable closure; thread-confined per task.
 *
 * <p>Test hook: with the JVM system property {@value #FAIL_FIRST_ATTEMPT}{@code =true} (local mode: the executors
 * are the driver JVM), the first attempt of every task throws, so that a master with task retries
 * ({@code local[N,F]}, F &gt; 1) shows retries leave results unchanged.
 */
final class FastPhaseFunction implements FlatMapFunction<Iterator<AgentRow>, AgentRow> {
    private static final long serialVersionUID = 1L;
    /** System property that makes every first task attempt fail (tests of task retries). */
    static final String FAIL_FIRST_ATTEMPT = "popdyn.test.fail-first-attempt";
    private final String configText;
    private final int generation;

    FastPhaseFunction(String configText, int generation) {
        this.configText = configText;
        this.generation = generation;
    }

    @Override
    public Iterator<AgentRow> call(Iterator<AgentRow> rows) {
        TaskContext task = TaskContext.get();
        if (Boolean.getBoolean(FAIL_FIRST_ATTEMPT) && task != null && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure (" + FAIL_FIRST_ATTEMPT + "): generation " + generation
                    + ", partition " + task.partitionId() + ", attempt 0");
        }
        ExperimentParams p = ExecutorParams.of(configText);
        List<AgentRow> in = new ArrayList<>();
        rows.forEachRemaining(in::add);
        AgentBatch b = AgentOps.newBatch(p, in.size());
        for (int k = 0; k < in.size(); k++) {
            in.get(k).into(b, k);
        }
        AgentOps.fastPhase(p, b, 0, b.n, generation);
        List<AgentRow> out = new ArrayList<>(b.n);
        for (int k = 0; k < b.n; k++) {
            out.add(AgentRow.of(b, k));
        }
        return out.iterator();
    }
}
