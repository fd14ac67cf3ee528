package dev.popdyn.core.fitness;

import dev.popdyn.core.dynamics.FastDynamics;
import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.params.BuildContext;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.params.Keys;
import dev.popdyn.core.params.OperatorFactory;
import java.util.List;

/**
 * {@code effective}: the model's closed-form effective fitness F̄(λ) = E_{θ~μ_λ}[F(θ, λ)], the Gibbs average of the
 * instant fitness at the agent's temperature (Borghi, Im, Pareschi 2026). Ignores θ. Immutable and thread-safe.
 */
public final class EffectiveFitness implements FitnessEstimator {
    /**
     * The registry entry {@code effective}: the closed form when the model has one, else (with Langevin dynamics)
     * {@link NumericalEffectiveFitness}, whose keys are then hashed.
     */
    public static final OperatorFactory<FitnessEstimator> FACTORY = OperatorFactory.of("effective",
            "Gibbs average F̄(λ), closed form or (models without one) a Langevin time average",
            List.of(NumericalEffectiveFitness.STEPS, NumericalEffectiveFitness.BURNIN), EffectiveFitness::create);

    private final Model model;
    private final FastDynamics dynamics;

    public EffectiveFitness(Model model, FastDynamics dynamics) {
        if (!model.hasEffectiveFitness()) {
            throw new IllegalArgumentException("model " + model.name() + " has no closed-form effective fitness");
        }
        this.model = model;
        this.dynamics = dynamics;
    }

    private static FitnessEstimator create(BuildContext c) {
        Model model = c.model();
        if (!model.hasEffectiveFitness() && c.dynamics() instanceof LangevinDynamics langevin) {
            return new NumericalEffectiveFitness(new EffectiveFitnessEstimate(model, langevin,
                    c.resolve(NumericalEffectiveFitness.STEPS).intValue(),
                    c.resolve(NumericalEffectiveFitness.BURNIN).intValue(), c.seed()));
        }
        if (!model.hasEffectiveFitness()) {
            List<String> others = Estimators.registry().names().stream().filter(n -> !n.equals("effective")).toList();
            throw new InvalidConfigException(Estimators.ESTIMATOR.path(), "'effective' needs a closed-form effective "
                    + "fitness, and no Langevin dynamics to estimate it, which model " + c.peek(Keys.MODEL)
                    + " lacks", String.join(", ", others) + ", or a model with one: quadratic, himmelblau");
        }
        return new EffectiveFitness(model, c.dynamics());
    }

    @Override
    public String name() {
        return "effective";
    }

    @Override
    public int historyLength() {
        return 1;
    }

    @Override
    public double estimate(double[] history, int off, int count, double[] hyper, int hoff) {
        return model.effectiveFitness(hyper, hoff, dynamics.temperature(hyper, hoff));
    }
}
