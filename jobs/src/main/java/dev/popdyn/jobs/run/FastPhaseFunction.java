package dev.popdyn.jobs.run;

import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.AgentOps;
import dev.popdyn.core.params.ExperimentParams;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The fast phase of one generation on one partition: the partition's rows become an {@link AgentBatch} (flat
 * arrays), {@link AgentOps#fastPhase} runs on it, and the rows come back. No communication, no per-agent Spark job.
 * Serializable closure; thread-confined per task.
 */
final class FastPhaseFunction implements MapPartitionsFunction<AgentRow, AgentRow> {
    private static final long serialVersionUID = 1L;
    private final String configText;
    private final int generation;

    FastPhaseFunction(String configText, int generation) {
        this.configText = configText;
        this.generation = generation;
    }

    @Override
    public Iterator<AgentRow> call(Iterator<AgentRow> rows) {
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
