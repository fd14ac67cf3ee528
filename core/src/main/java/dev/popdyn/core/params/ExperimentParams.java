package dev.popdyn.core.params;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.popdyn.core.data.DataSpec;
import dev.popdyn.core.dynamics.Dynamics;
import dev.popdyn.core.dynamics.FastDynamics;
import dev.popdyn.core.fitness.Estimators;
import dev.popdyn.core.fitness.FitnessEstimator;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.model.ModelFactory;
import dev.popdyn.core.model.Models;
import dev.popdyn.core.mutate.Mutation;
import dev.popdyn.core.mutate.Mutations;
import dev.popdyn.core.select.Selection;
import dev.popdyn.core.select.Selections;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What is simulated: every parameter of an experiment, validated and immutable (in the manner of Jenetics'
 * evolution parameters). Built from HOCON by {@link #fromConfig}; every value enters through a documented
 * {@link Key}, and the resolved values (defaults filled in) form a canonical text whose SHA-256 is the run's
 * {@code config_sha256}. How the experiment executes (partitions, output) lives in {@link ExecutionParams} and is not
 * hashed. The optional {@code data.*} section ({@link DataSpec}, the source of a prepared data set) and, only when
 * {@code fast.dynamics = momentum}, the keys {@code fast.dynamics} and {@code fast.momentum} (and
 * {@code trajectory.every} only when &gt; 0) enter the resolved values, so configs without them keep the hashes they
 * had before those keys existed; likewise {@code fitness.bandwidth} only with {@code fitness.estimator = kernel},
 * {@code fitness.effective-*} only when the effective fitness is estimated numerically, and {@code reference.*} only
 * when the config has a {@code reference} section. The {@code study} section (read by {@code popdyn study}) is
 * accepted and not hashed. Operators ({@link #model()}, {@link #selection()} …) are built once here, each by the
 * registry of its family ({@link Models}, {@link Dynamics}, {@link Estimators}, {@link Selections},
 * {@link Mutations}) from the keys it declares, and are themselves immutable. Thread-safe.
 */
public final class ExperimentParams {
    private static final Set<String> SECTIONS = Set.of("seed", "population", "generations", "algorithm", "model",
            "fast", "fitness", "selection", "mutation", "hyper", "execution", "data", "trajectory", "reference",
            "study");

    private final Config config;
    private final SortedMap<String, String> resolved;
    private final long seed;
    private final int population;
    private final int generations;
    private final boolean reduced;
    private final int steps;
    private final HyperSpace hyper;
    private final Model model;
    private final FastDynamics dynamics;
    private final FitnessEstimator estimator;
    private final Selection selection;
    private final Mutation mutation;
    private final boolean mutateAll;
    private final int trajectoryEvery;
    private final String referenceEnabled;
    private final int referenceCells;

    private ExperimentParams(Config c) {
        this.config = c;
        this.resolved = new TreeMap<>();
        checkUnknownKeys(c);
        this.seed = put(Keys.SEED, c);
        this.population = put(Keys.POPULATION, c).intValue();
        this.generations = put(Keys.GENERATIONS, c).intValue();
        this.reduced = put(Keys.ALGORITHM, c).equals("reduced");
        String modelName = put(Keys.MODEL, c);
        this.steps = put(Keys.STEPS, c).intValue();
        put(Keys.LR, c);
        put(Keys.TEMPERATURE, c);
        this.hyper = HyperSpace.parse(c);
        for (HyperDim d : hyper.dims()) {
            resolved.put("hyper." + d.name(), d.toString());
        }
        ModelFactory factory = Models.factory(modelName);
        for (Key<?> k : factory.keys()) {
            resolved.put(k.path(), String.valueOf(k.read(c)));
        }
        if (DataSpec.isConfigured(c)) {
            resolved.putAll(DataSpec.fromConfig(c).resolved());
        }
        this.model = factory.create(c, hyper);
        BuildContext context = new BuildContext(c, resolved, hyper, seed, reduced, model);
        checkHyperRoles(modelName, Dynamics.hyperRoles(context));
        context.checkHyperLowerBound("lr", x -> x > 0, "> 0");
        context.checkHyperLowerBound("temperature", x -> x >= 0, ">= 0");
        this.dynamics = Dynamics.create(context);
        context.dynamics(dynamics);
        if (reduced && !model.hasGibbsSampler()) {
            throw new InvalidConfigException("algorithm", "'reduced' needs a closed-form Gibbs sampler, which model "
                    + modelName + " lacks", "full, or a model with a Gibbs sampler: quadratic");
        }
        this.estimator = Estimators.create(context);
        this.selection = Selections.create(context);
        this.mutation = Mutations.create(context);
        this.mutateAll = Mutations.mutateAll(context);
        this.trajectoryEvery = Keys.TRAJECTORY_EVERY.read(c).intValue();
        if (trajectoryEvery > 0) {
            resolved.put(Keys.TRAJECTORY_EVERY.path(), Integer.toString(trajectoryEvery));
            if (!dynamics.recordable()) {
                throw new InvalidConfigException(Keys.TRAJECTORY_EVERY.path(), "recording needs step-wise fast "
                        + "dynamics", "0 with algorithm = reduced or model dqn-cartpole");
            }
        }
        boolean referenceSection = c.hasPath("reference");
        this.referenceEnabled = referenceSection ? put(Keys.REFERENCE_ENABLED, c) : Keys.REFERENCE_ENABLED.read(c);
        this.referenceCells = (referenceSection ? put(Keys.REFERENCE_CELLS, c) : Keys.REFERENCE_CELLS.read(c))
                .intValue();
        if (referenceEnabled.equals("true") && (hyper.size() < 1 || hyper.size() > 2
                || hyper.dims().stream().anyMatch(d -> d.type() == ValueType.CATEGORICAL))) {
            throw new InvalidConfigException("reference.enabled", "the mean-field reference needs 1 or 2 real or int "
                    + "hyperparameter coordinates", "auto, false, or true with 1-2 non-categorical coordinates");
        }
    }

    /** Validates {@code config} (defaults filled from the key table) and builds the parameters. */
    public static ExperimentParams fromConfig(Config config) {
        return new ExperimentParams(config.resolve());
    }

    /** Parses HOCON text (for tests and examples). */
    public static ExperimentParams parse(String hocon) {
        return fromConfig(ConfigFactory.parseString(hocon));
    }

    private <T> T put(Key<T> key, Config c) {
        T v = key.read(c);
        resolved.put(key.path(), String.valueOf(v));
        return v;
    }

    private void checkUnknownKeys(Config c) {
        for (String top : c.root().keySet()) {
            if (!SECTIONS.contains(top)) {
                throw new InvalidConfigException(top, "unknown key", "top-level keys: "
                        + String.join(", ", new TreeSet<>(SECTIONS)));
            }
        }
        String modelName = Keys.MODEL.read(c);
        Set<String> known = new HashSet<>();
        for (Key<?> k : Keys.general()) {
            known.add(k.path());
        }
        for (Key<?> k : Models.factory(modelName).keys()) {
            known.add(k.path());
        }
        known.add(Keys.TRAJECTORY_EVERY.path());
        for (Map.Entry<String, ?> e : c.entrySet()) {
            String path = e.getKey();
            if (path.startsWith("hyper.") || path.startsWith("execution.") || path.startsWith("data.")
                    || path.startsWith("study.")) {
                continue;
            }
            if (!known.contains(path)) {
                List<String> section = new ArrayList<>();
                String prefix = path.contains(".") ? path.substring(0, path.indexOf('.') + 1) : path;
                for (String k : new TreeSet<>(known)) {
                    if (k.startsWith(prefix)) {
                        section.add(k);
                    }
                }
                throw new InvalidConfigException(path, "unknown key" + (path.startsWith("model.")
                        ? " for model " + modelName : ""), section.isEmpty() ? "see popdyn explain"
                        : "known: " + String.join(", ", section));
            }
        }
    }

    private void checkHyperRoles(String modelName, Set<String> dynamicsRoles) {
        Set<String> roles = new TreeSet<>(model.hyperRoles());
        roles.addAll(dynamicsRoles);
        for (HyperDim d : hyper.dims()) {
            if (!roles.contains(d.name())) {
                throw new InvalidConfigException("hyper." + d.name(), "no component reads a coordinate named '"
                        + d.name() + "' with model " + modelName, "names used: " + String.join(", ", roles));
            }
        }
    }

    public long seed() {
        return seed;
    }

    public int population() {
        return population;
    }

    public int generations() {
        return generations;
    }

    /** Whether the {@code reduced} algorithm (Gibbs draws instead of fast steps) is used. */
    public boolean reduced() {
        return reduced;
    }

    /** K, fast steps per generation. */
    public int steps() {
        return steps;
    }

    public HyperSpace hyper() {
        return hyper;
    }

    public Model model() {
        return model;
    }

    public FastDynamics dynamics() {
        return dynamics;
    }

    public FitnessEstimator estimator() {
        return estimator;
    }

    public Selection selection() {
        return selection;
    }

    public Mutation mutation() {
        return mutation;
    }

    /** Whether every agent is mutated each generation (replicator–mutator mode) instead of recipients only. */
    public boolean mutateAll() {
        return mutateAll;
    }

    /** k of {@code trajectory.every}: fast steps between risk records (0 = no recording). */
    public int trajectoryEvery() {
        return trajectoryEvery;
    }

    /**
     * {@code reference.enabled}: auto, true or false — whether the summary's {@code w1_reference} is computed
     * (see {@code dev.popdyn.core.meanfield.MeanFieldReference}).
     */
    public String referenceEnabled() {
        return referenceEnabled;
    }

    /** {@code reference.cells}: grid cells per axis of the mean-field reference (0 = the default for the dimension). */
    public int referenceCells() {
        return referenceCells;
    }

    /** Instant fitness values kept per agent: enough for the estimator and the selection rule. */
    public int historyLength() {
        return Math.max(estimator.historyLength(), selection.historyNeeded());
    }

    /** The configuration this was built from (including execution keys). */
    public Config config() {
        return config;
    }

    /** Every resolved experiment value by key, defaults included, sorted by key. */
    public SortedMap<String, String> resolved() {
        return java.util.Collections.unmodifiableSortedMap(resolved);
    }

    /** The canonical text of {@link #resolved()}: one {@code key = value} line per key. */
    public String canonicalText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : resolved.entrySet()) {
            sb.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    /** SHA-256 of {@link #canonicalText()}, lower-case hex. */
    public String sha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(canonicalText().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys whose resolved values differ between two experiments (union of keys, sorted). */
    public static List<String> differingKeys(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : all) {
            if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** The configuration as HOCON text (comments dropped), for provenance. */
    public String renderConfig() {
        return config.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
    }
}
