package dev.popdyn.core.engine;

import dev.popdyn.core.dynamics.FastDynamics;
import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.dynamics.MomentumSgd;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.model.TwoLayer;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.Keys;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Per-agent risk curves recorded inside the fast phase, for the learning time-scales of Berthier, Montanari, Zhou
 * (2023), "Learning time-scales in two-layers neural networks", arXiv 2303.00055 (plateaus at R_l and drops at
 * times that scale as powers of ε).
 *
 * <p>With {@code trajectory.every = k > 0} the K fast steps of a generation run in chunks of k steps (the last chunk
 * may be shorter) and after each chunk one record of {@value #WIDTH} doubles is appended to the agent's slot of the
 * {@link AgentBatch}: the global fast step (g − 1)·K + steps done so far in generation g, the risk, and the mean,
 * mean absolute and maximal absolute overlap sⱼ = ⟨uⱼ, u*⟩ and the mean second-layer weight aⱼ. For the two-layer
 * model the risk is the exact population risk {@link TwoLayer#populationRisk} (also in online-gradient mode); for
 * other models it is the training loss of {@link Model#lossAndGradient} on a minibatch drawn from the agent's own
 * {@link Purpose#TRAJECTORY} stream, and the overlap columns are NaN.
 *
 * <p><b>Recording does not change results.</b> Only {@link FastDynamics#recordable() recordable} dynamics,
 * {@link LangevinDynamics} and {@link MomentumSgd}, are supported:
 * both are per-step loops over one generator with all carried state in θ and the optimiser-state slice, so k steps
 * run n times equal n·k steps run once, draw for draw. Records read θ and never draw from the fast-phase stream.
 * Stateless and thread-safe.
 */
public final class Trajectory {
    /** The config key ({@link Keys#TRAJECTORY_EVERY}); 0 (the default) turns recording off. */
    public static final Key.Int EVERY = Keys.TRAJECTORY_EVERY;
    /** Doubles per record. */
    public static final int WIDTH = 6;
    /** Column names of a record, in storage order. */
    public static final List<String> COLUMNS = List.of("step", "risk", "mean_overlap", "mean_abs_overlap",
            "max_abs_overlap", "mean_a");

    private Trajectory() {
    }

    /** One record of one agent. */
    public record Point(long agentId, int generation, long step, double risk, double meanOverlap,
            double meanAbsOverlap, double maxAbsOverlap, double meanA) {
    }

    /** Records per agent per generation: ⌈K/k⌉ (0 when k = 0). */
    public static int recordsPerGeneration(int steps, int every) {
        return every > 0 ? (steps + every - 1) / every : 0;
    }

    /** Trajectory doubles an {@link AgentBatch} slot needs for {@code p}. */
    public static int capacity(ExperimentParams p) {
        return WIDTH * recordsPerGeneration(p.steps(), p.trajectoryEvery());
    }


    /**
     * Runs the K fast steps of slot k of generation g with the fast-phase generator {@code rng}, in chunks with a
     * record after each chunk when the batch has trajectory room, else in one call.
     */
    static void run(ExperimentParams p, AgentBatch b, int k, long generation, SplittableRandom rng,
            double[] scratch) {
        int steps = p.steps();
        int every = p.trajectoryEvery();
        b.trajectoryCount[k] = 0;
        if (b.r == 0 || every <= 0) {
            p.dynamics().run(p.model(), b.theta, k * b.d, b.hyper, k * b.h, b.state, k * b.s, steps, rng, scratch);
            return;
        }
        Model model = p.model();
        SplittableRandom lossRng = model instanceof TwoLayer ? null
                : Streams.of(p.seed(), generation, b.ids[k], Purpose.TRAJECTORY);
        double[] grad = model instanceof TwoLayer ? null : new double[Math.max(1, b.d)];
        long base = (generation - 1) * (long) steps;
        for (int done = 0; done < steps; ) {
            int chunk = Math.min(every, steps - done);
            p.dynamics().run(model, b.theta, k * b.d, b.hyper, k * b.h, b.state, k * b.s, chunk, rng, scratch);
            done += chunk;
            record(p, b, k, base + done, lossRng, grad);
        }
    }

    private static void record(ExperimentParams p, AgentBatch b, int k, long step, SplittableRandom lossRng,
            double[] grad) {
        int c = b.trajectoryCount[k];
        int at = k * b.r + c * WIDTH;
        int off = k * b.d;
        b.trajectory[at] = step;
        if (p.model() instanceof TwoLayer t) {
            TwoLayer.Overlaps o = t.overlaps(b.theta, off);
            b.trajectory[at + 1] = t.populationRisk(b.theta, off);
            b.trajectory[at + 2] = o.meanOverlap();
            b.trajectory[at + 3] = o.meanAbsOverlap();
            b.trajectory[at + 4] = o.maxAbsOverlap();
            b.trajectory[at + 5] = o.meanA();
        } else {
            b.trajectory[at + 1] = p.model().lossAndGradient(b.theta, off, b.hyper, k * b.h, grad, lossRng);
            for (int i = 2; i < WIDTH; i++) {
                b.trajectory[at + i] = Double.NaN;
            }
        }
        b.trajectoryCount[k] = c + 1;
    }

    /** The records of every slot of {@code b} for generation g, by slot then step. */
    public static List<Point> points(AgentBatch b, int generation) {
        List<Point> out = new ArrayList<>();
        for (int k = 0; k < b.n; k++) {
            for (int c = 0; c < b.trajectoryCount[k]; c++) {
                int at = k * b.r + c * WIDTH;
                double[] t = b.trajectory;
                out.add(new Point(b.ids[k], generation, (long) t[at], t[at + 1], t[at + 2], t[at + 3], t[at + 4],
                        t[at + 5]));
            }
        }
        return out;
    }
}
