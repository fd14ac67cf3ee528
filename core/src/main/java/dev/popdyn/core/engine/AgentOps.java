package dev.popdyn.core.engine;

import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.SplittableRandom;

/**
 * The per-agent steps of a generation, shared by the single-JVM {@link Population} engine and the Spark job so both
 * compute bit-identical results: initialisation, the fast phase with fitness estimation and divergence detection,
 * and mutation. Every draw comes from {@link Streams} keyed by (seed, generation, agent id, purpose). Stateless and
 * thread-safe; distinct agents of a batch may be processed concurrently.
 */
public final class AgentOps {
    private AgentOps() {
    }

    /** Creates a batch shaped for {@code p} with n slots. */
    public static AgentBatch newBatch(ExperimentParams p, int n) {
        return new AgentBatch(n, p.model().dimension(), p.hyper().size(), p.historyLength(),
                p.dynamics().stateSize(), Trajectory.capacity(p));
    }

    /** Initialises slot k as agent {@code id}: θ from the model, λ from the priors, empty history, age 0. */
    public static void init(ExperimentParams p, AgentBatch b, int k, long id) {
        b.ids[k] = id;
        p.model().initTheta(b.theta, k * b.d, Streams.of(p.seed(), 0, id, Purpose.INIT_THETA));
        SplittableRandom rh = Streams.of(p.seed(), 0, id, Purpose.INIT_HYPER);
        HyperSpace hs = p.hyper();
        for (int j = 0; j < hs.size(); j++) {
            b.hyper[k * b.h + j] = hs.dim(j).sample(rh);
        }
        b.historyCount[k] = 0;
        b.age[k] = 0;
        b.status[k] = AgentBatch.OK;
        b.fitness[k] = Double.NaN;
        b.fitnessInstant[k] = Double.NaN;
    }

    /**
     * The fast phase of generation g for slots [from, to): K fast steps (or a Gibbs draw for {@code reduced}), the
     * instant fitness ({@link dev.popdyn.core.dynamics.FastDynamics#instantFitness}: the model's fitness unless the
     * dynamics supplies one from the agent's state), the history push, age + 1 and the per-agent fitness estimate.
     * An agent whose θ or instant fitness is not finite is marked {@link AgentBatch#DIVERGED}, gets fitness −∞ and
     * is skipped from then on. With {@code trajectory.every > 0} the steps run in chunks with risk records in between
     * ({@link Trajectory}); results are the same.
     */
    public static void fastPhase(ExperimentParams p, AgentBatch b, int from, int to, long generation) {
        double[] scratch = new double[Math.max(1, b.d)];
        for (int k = from; k < to; k++) {
            b.age[k]++;
            b.trajectoryCount[k] = 0;
            if (b.status[k] == AgentBatch.DIVERGED) {
                b.fitness[k] = Double.NEGATIVE_INFINITY;
                b.fitnessInstant[k] = Double.NaN;
                continue;
            }
            long id = b.ids[k];
            SplittableRandom rng = Streams.of(p.seed(), generation, id, Purpose.FAST);
            Trajectory.run(p, b, k, generation, rng, scratch);
            double f = p.dynamics().instantFitness(p.model(), b.theta, k * b.d, b.hyper, k * b.h, b.state, k * b.s,
                    Streams.of(p.seed(), generation, id, Purpose.FITNESS));
            if (!Double.isFinite(f) || !finite(b.theta, k * b.d, b.d)) {
                b.status[k] = AgentBatch.DIVERGED;
                b.fitness[k] = Double.NEGATIVE_INFINITY;
                b.fitnessInstant[k] = Double.NaN;
                continue;
            }
            b.fitnessInstant[k] = f;
            b.pushHistory(k, f);
            double est = p.estimator().estimate(b.history, k * b.m, b.historyCount[k], b.hyper, k * b.h);
            b.fitness[k] = Double.isFinite(est) ? est : Double.NEGATIVE_INFINITY;
        }
    }

    private static boolean finite(double[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (!Double.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether agent k (exploited or not) is mutated this generation. */
    public static boolean mutates(ExperimentParams p, boolean exploited) {
        return exploited || p.mutateAll();
    }

    /** Mutates λ of slot k of generation g in place; returns true if a coordinate was redrawn from its prior. */
    public static boolean mutate(ExperimentParams p, double[] hyper, int hoff, long id, long generation) {
        return p.mutation().mutate(p.hyper(), hyper, hoff, Streams.of(p.seed(), generation, id, Purpose.MUTATE));
    }
}
