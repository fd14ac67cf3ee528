package dev.popdyn.core.params;

import com.typesafe.config.Config;
import dev.popdyn.core.dynamics.FastDynamics;
import dev.popdyn.core.model.Model;
import java.util.SortedMap;
import java.util.function.DoublePredicate;

/**
 * What an {@link OperatorFactory} sees while {@link ExperimentParams} is being built: the config, read through
 * documented keys (each {@link #resolve}d value enters the resolved values and so {@code config_sha256}), the
 * hyperparameter space, the master seed, the algorithm, and the operators built before it (the model, then the
 * fast dynamics). Used by one thread during construction only; not thread-safe.
 */
public final class BuildContext {
    private final Config config;
    private final SortedMap<String, String> resolved;
    private final HyperSpace hyper;
    private final long seed;
    private final boolean reduced;
    private final Model model;
    private FastDynamics dynamics;

    BuildContext(Config config, SortedMap<String, String> resolved, HyperSpace hyper, long seed, boolean reduced,
            Model model) {
        this.config = config;
        this.resolved = resolved;
        this.hyper = hyper;
        this.seed = seed;
        this.reduced = reduced;
        this.model = model;
    }

    /** Reads and validates {@code key} and records its value among the resolved (hashed) values. */
    public <T> T resolve(Key<T> key) {
        T v = key.read(config);
        resolved.put(key.path(), String.valueOf(v));
        return v;
    }

    /** Reads and validates {@code key} without recording it (a value that does not enter the hash). */
    public <T> T peek(Key<T> key) {
        return key.read(config);
    }

    /**
     * Checks the lower bound of λ coordinate {@code name}, if λ has one: throws an {@link InvalidConfigException}
     * for {@code hyper.<name>.lo} when {@code ok} rejects it.
     */
    public void checkHyperLowerBound(String name, DoublePredicate ok, String allowed) {
        int k = hyper.indexOf(name);
        if (k >= 0 && !ok.test(hyper.dim(k).lo())) {
            throw new InvalidConfigException("hyper." + name + ".lo", "value " + Key.fmt(hyper.dim(k).lo())
                    + " is out of range for " + name, allowed);
        }
    }

    /**
     * Checks the upper bound of λ coordinate {@code name}, if λ has one: throws an {@link InvalidConfigException}
     * for {@code hyper.<name>.hi} when {@code ok} rejects it.
     */
    public void checkHyperUpperBound(String name, DoublePredicate ok, String allowed) {
        int k = hyper.indexOf(name);
        if (k >= 0 && !ok.test(hyper.dim(k).hi())) {
            throw new InvalidConfigException("hyper." + name + ".hi", "value " + Key.fmt(hyper.dim(k).hi())
                    + " is out of range for " + name, allowed);
        }
    }

    public HyperSpace hyper() {
        return hyper;
    }

    /** The master seed. */
    public long seed() {
        return seed;
    }

    /** Whether the {@code reduced} algorithm is used. */
    public boolean reduced() {
        return reduced;
    }

    /** The model (built first). */
    public Model model() {
        return model;
    }

    /** The fast dynamics (built second; null while they are being built). */
    public FastDynamics dynamics() {
        return dynamics;
    }

    void dynamics(FastDynamics built) {
        this.dynamics = built;
    }
}
