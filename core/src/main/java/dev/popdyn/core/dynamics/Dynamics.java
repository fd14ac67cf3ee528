package dev.popdyn.core.dynamics;

import dev.popdyn.core.model.DqnCartPole;
import dev.popdyn.core.params.BuildContext;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.params.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of fast dynamics (docs/design.md §1, step 1). {@code fast.dynamics} chooses among the
 * {@linkplain #choices() choices} (langevin, momentum); two more are implied and not chosen by that key:
 * {@code gibbs} with {@code algorithm = reduced}, and {@code dqn} with {@code model.name = dqn-cartpole}. Each entry
 * declares its own keys and factory next to its class. Thread-safe (filled once, read-only).
 */
public final class Dynamics {
    private static final Registry<FastDynamics> CHOICES = new Registry<>(LangevinDynamics.FACTORY,
            MomentumSgd.FACTORY);
    private static final Registry<FastDynamics> REGISTRY = new Registry<>(LangevinDynamics.FACTORY,
            MomentumSgd.FACTORY, GibbsDraw.FACTORY, DqnDynamics.FACTORY);

    /** {@code fast.dynamics}: the chosen dynamics, the first is the default. */
    public static final Key.Choice DYNAMICS = new Key.Choice("fast.dynamics", String.join("; ",
            CHOICES.factories().stream().map(f -> f.name() + ": " + f.summary()).toList()), "langevin",
            CHOICES.names());

    private Dynamics() {
    }

    /** Every fast dynamics, chosen and implied. */
    public static Registry<FastDynamics> registry() {
        return REGISTRY;
    }

    /** The dynamics {@code fast.dynamics} chooses among. */
    public static Registry<FastDynamics> choices() {
        return CHOICES;
    }

    /** {@link #DYNAMICS} and every entry's keys, in documentation order. */
    public static List<Key<?>> keys() {
        List<Key<?>> out = new ArrayList<>(List.of(DYNAMICS));
        out.addAll(REGISTRY.keys());
        return out;
    }

    /**
     * The names of the λ coordinates the fast dynamics may read: lr and temperature, and momentum when
     * {@code fast.dynamics = momentum}.
     */
    public static Set<String> hyperRoles(BuildContext context) {
        Set<String> roles = new TreeSet<>(List.of("lr", "temperature"));
        if (context.peek(DYNAMICS).equals(MomentumSgd.FACTORY.name())) {
            roles.add("momentum");
        }
        return roles;
    }

    /**
     * The fast dynamics of the experiment: gibbs with {@code algorithm = reduced}, else dqn for the DQN model, else
     * the one {@code fast.dynamics} names. Needs the model of {@code context}.
     */
    public static FastDynamics create(BuildContext context) {
        OperatorFactory<FastDynamics> f;
        if (context.reduced()) {
            f = GibbsDraw.FACTORY;
        } else if (context.model() instanceof DqnCartPole) {
            f = DqnDynamics.FACTORY;
        } else {
            f = CHOICES.get(context.peek(DYNAMICS));
        }
        return f.create(context);
    }
}
