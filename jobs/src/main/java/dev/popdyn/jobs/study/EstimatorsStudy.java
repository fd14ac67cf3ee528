package dev.popdyn.jobs.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.popdyn.core.dynamics.LangevinDynamics;
import dev.popdyn.core.engine.AgentBatch;
import dev.popdyn.core.engine.GenerationResult;
import dev.popdyn.core.engine.Population;
import dev.popdyn.core.fitness.EffectiveFitnessEstimate;
import dev.popdyn.core.fitness.Estimators;
import dev.popdyn.core.fitness.KernelFitness;
import dev.popdyn.core.fitness.NumericalEffectiveFitness;
import dev.popdyn.core.fitness.WindowFitness;
import dev.popdyn.core.meanfield.MeanFieldReference;
import dev.popdyn.core.meanfield.ReferenceW1;
import dev.popdyn.core.model.Model;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.params.Keys;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.report.EffectiveOptimum;
import dev.popdyn.jobs.report.ReportData.Optimum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code popdyn study estimators}: how the fitness estimator changes what PBT-style selection finds (Borghi, Im,
 * Pareschi 2026: "access to the effective fitness, either in closed form or through population-level estimation, can
 * improve population-level updates"; docs/design.md §1.1).
 *
 * <p>For every estimator of the list ({@code instant}, {@code window:m}, {@code kernel:h}, {@code effective}) and
 * every seed, the config runs with {@code fitness.estimator} (and {@code fitness.window} = m or
 * {@code fitness.bandwidth} = h) and {@code seed} replaced, on the single-JVM core engine ({@link Population}; the
 * Spark engines equal it bit for bit). Per generation g, over the population evaluated in g:
 * <ul>
 *   <li>distance D_g = ‖λ̄_g − λ*‖₂ over the coordinates with a known effective-fitness optimum λ*
 *       ({@link EffectiveOptimum}: the quadratic model's ρ* = c²/(c·v − T/2) − 1), λ̄_g the mean over all agents;
 *       NaN when no optimum is known;</li>
 *   <li>best effective fitness B_g = max over non-diverged agents of F̄(λᵢ), and the mean M_g of F̄(λᵢ): F̄ the
 *       closed form when the model has one, else one fixed {@link EffectiveFitnessEstimate} (seed 0, the config's
 *       {@code fitness.effective-*} lengths; the same common-random-numbers estimate for every estimator and seed, so
 *       differences are not estimation noise);</li>
 *   <li>W_g = W1(λ-population of generation g, ρ_{g−1}): the Wasserstein-1 distance ({@link ReferenceW1}: exact in
 *       1-D, sliced over 16 directions in 2-D) to the mean-field reference ρ_{g−1} of {@link MeanFieldReference} —
 *       the replicator–mutator recursion ρ_k = K_mut ∗ (ρ_{k−1} e^{αF̄}/Z) with the exact F̄, i.e. the N → ∞ law
 *       of the same slow step driven by the effective fitness. The agents of generation g went through g − 1 slow
 *       steps, as for the summary column {@code w1_reference}. The reference exists when the config's slow step is
 *       that recursion's ({@link MeanFieldReference#autoBlocker} of the config with {@code fitness.estimator =
 *       effective} is null: boltzmann rate 1, mutation mode all, reflect, no resampling, 1–2 real coordinates); it
 *       is the same for every estimator and seed, so W_g measures how far an estimator's population is from the
 *       dynamics the exact effective fitness would give with infinitely many agents (for {@code effective}, the
 *       finite-N error alone). NaN otherwise, with the reason in {@link Result#reference()}.</li>
 * </ul>
 * Over the n seeds each is reported as mean x̄ = (1/n) Σ xᵢ ± SE = s/√n, s² = Σ (xᵢ − x̄)²/(n − 1). Generations to
 * within δ: per seed the first crossing of D_g ≤ δ, with g interpolated linearly in log D between the bracketing
 * generations (g₀ + (log D_{g₀} − log δ)/(log D_{g₀} − log D_{g₀+1})), +∞ when never; reported as mean ± SE over the
 * seeds that crossed, with their count. Not thread-safe; one study per instance.
 */
public final class EstimatorsStudy {
    /** The estimators compared by default. */
    public static final List<String> ESTIMATORS = List.of("instant", "window:5", "kernel:0.1", "effective");
    /** The default tolerance δ on the distance to λ*. */
    public static final double DELTA = 0.1;

    /** One estimator of the list: its label as given, the registry name and the parameter (m or h; null). */
    public record Spec(String label, String name, Number parameter) {
        /** Parses {@code instant}, {@code effective}, {@code window:m}, {@code kernel:h}. */
        public static Spec parse(String s) {
            String[] parts = s.trim().split(":", 2);
            String name = parts[0];
            String allowed = "instant, window:m (integer m >= 1), kernel:h (0 < h <= 2), effective";
            try {
                switch (name) {
                    case "instant", "effective" -> {
                        if (parts.length == 1) {
                            return new Spec(s.trim(), name, null);
                        }
                    }
                    case "window" -> {
                        if (parts.length == 2 && Integer.parseInt(parts[1]) >= 1) {
                            return new Spec(s.trim(), name, Integer.parseInt(parts[1]));
                        }
                    }
                    case "kernel" -> {
                        double h = parts.length == 2 ? Double.parseDouble(parts[1]) : Double.NaN;
                        if (h > 0 && h <= 2) {
                            return new Spec(s.trim(), name, h);
                        }
                    }
                    default -> {
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UserError("--estimators: value '" + s.trim() + "' is not an estimator (" + allowed + ")");
        }

        /** {@code base} with this estimator and {@code seed}. */
        Config apply(Config base, long seed) {
            Config c = base.withValue(Estimators.ESTIMATOR.path(), ConfigValueFactory.fromAnyRef(name))
                    .withValue("seed", ConfigValueFactory.fromAnyRef(seed));
            if (name.equals("window")) {
                c = c.withValue(WindowFitness.WINDOW.path(), ConfigValueFactory.fromAnyRef(parameter));
            } else if (name.equals("kernel")) {
                c = c.withValue(KernelFitness.BANDWIDTH.path(), ConfigValueFactory.fromAnyRef(parameter));
            }
            return c;
        }
    }

    /**
     * One seed's per-generation metrics (index g − 1): distance D, best B and mean M effective fitness, W1 W to the
     * mean-field reference (NaN without one).
     */
    public record PerSeed(String estimator, long seed, double[] distance, double[] best, double[] mean,
            double[] w1) {
    }

    /** Mean ± SE over seeds per generation (index g − 1) of D, B, M and W for one estimator. */
    public record Series(String estimator, int seeds, double[] distanceMean, double[] distanceSe, double[] bestMean,
            double[] bestSe, double[] meanMean, double[] meanSe, double[] w1Mean, double[] w1Se) {
    }

    /**
     * The mean-field reference of a config: W1 targets ρ_k for k = 0 … generations − 1 ({@code targets} empty when
     * there is none) and, when there is none, why ({@code missing}; null when it exists).
     */
    public record Reference(List<ReferenceW1> targets, String missing) {
        /** Whether the reference exists. */
        public boolean exists() {
            return missing == null;
        }
    }

    /** Generations to within δ for one estimator: mean ± SE over the {@code reached} of {@code seeds} seeds. */
    public record Crossing(String estimator, int reached, int seeds, double mean, double se) {
    }

    /**
     * The study of one config: its name, the optimum used (null when none), the mean-field reference, the series and
     * the crossings.
     */
    public record Result(String name, Optimum optimum, Reference reference, double delta, List<PerSeed> perSeed,
            List<Series> series, List<Crossing> crossings) {
    }

    private final int threads;

    /** A study whose runs use {@code threads} engine threads (0 = all processors). */
    public EstimatorsStudy(int threads) {
        this.threads = threads;
    }

    /** Runs every estimator × seed of {@code base} and aggregates over seeds. */
    public Result run(String name, Config base, List<Spec> specs, List<Long> seeds, double delta) {
        List<ExperimentParams> params = validate(base, specs, seeds);
        ExperimentParams first = params.get(0);
        List<Optimum> optima = EffectiveOptimum.of(first.resolved(), first.hyper().names());
        Optimum optimum = optima.isEmpty() ? null : optima.get(0);
        EffectiveFitnessEstimate numerical = first.model().hasEffectiveFitness() ? null : numerical(first);
        Reference reference = reference(base, seeds.get(0), first.generations());
        List<PerSeed> perSeed = new ArrayList<>();
        List<Series> series = new ArrayList<>();
        List<Crossing> crossings = new ArrayList<>();
        int k = 0;
        for (Spec s : specs) {
            List<PerSeed> runs = new ArrayList<>();
            for (long seed : seeds) {
                runs.add(runOne(s.label(), params.get(k++), seed, optima, numerical, reference));
            }
            perSeed.addAll(runs);
            series.add(aggregate(s.label(), runs));
            crossings.add(crossing(s.label(), runs, delta));
        }
        return new Result(name, optimum, reference, delta, perSeed, series, crossings);
    }

    /**
     * The reference of {@code base} driven by the effective fitness ({@code fitness.estimator = effective},
     * {@code reference.enabled = auto}, the config's {@code reference.cells}): the targets ρ₀ … ρ_{G−1}, stepped
     * once, or the reason it does not exist.
     */
    static Reference reference(Config base, long seed, int generations) {
        Config c = new Spec("effective", "effective", null).apply(base, seed)
                .withValue(Keys.REFERENCE_ENABLED.path(), ConfigValueFactory.fromAnyRef("auto"));
        ExperimentParams p = ExperimentParams.fromConfig(c);
        String blocker = MeanFieldReference.autoBlocker(p);
        if (blocker != null) {
            return new Reference(List.of(), blocker);
        }
        MeanFieldReference ref = MeanFieldReference.forParams(p);
        List<ReferenceW1> targets = new ArrayList<>();
        for (int k = 0; k < generations; k++) {
            targets.add(ref.targetAt(k));
        }
        return new Reference(List.copyOf(targets), null);
    }

    /**
     * Every (estimator, seed) config, validated before anything runs; {@code reference.enabled = false} in each (the
     * study computes W1 to one shared reference, {@link #reference}, instead of one per {@code effective} run).
     */
    private static List<ExperimentParams> validate(Config base, List<Spec> specs, List<Long> seeds) {
        if (specs.isEmpty()) {
            throw new UserError("--estimators: empty list (at least one estimator)");
        }
        checkSeeds(seeds);
        List<ExperimentParams> out = new ArrayList<>();
        for (Spec s : specs) {
            for (long seed : seeds) {
                out.add(ExperimentParams.fromConfig(s.apply(base, seed).withValue(Keys.REFERENCE_ENABLED.path(),
                        ConfigValueFactory.fromAnyRef("false"))));
            }
        }
        return out;
    }

    /** At least two seeds, for a standard error. */
    public static void checkSeeds(List<Long> seeds) {
        if (seeds.size() < 2) {
            throw new UserError("--seeds: " + seeds.size() + " seed(s) given (at least 2, for a standard error)");
        }
    }

    private static EffectiveFitnessEstimate numerical(ExperimentParams p) {
        if (!(p.dynamics() instanceof LangevinDynamics langevin)) {
            throw new InvalidConfigException("fast.dynamics", "study estimators needs the effective fitness, which "
                    + "model " + p.model().name() + " has only through Langevin dynamics", "langevin");
        }
        return new EffectiveFitnessEstimate(p.model(), langevin,
                NumericalEffectiveFitness.STEPS.read(p.config()).intValue(),
                NumericalEffectiveFitness.BURNIN.read(p.config()).intValue(), 0L);
    }

    private PerSeed runOne(String label, ExperimentParams p, long seed, List<Optimum> optima,
            EffectiveFitnessEstimate numerical, Reference reference) {
        int gens = p.generations();
        double[] distance = new double[gens];
        double[] best = new double[gens];
        double[] mean = new double[gens];
        double[] w1 = new double[gens];
        try (Population pop = new Population(p, threads)) {
            AgentBatch current = pop.initial();
            for (int g = 1; g <= gens; g++) {
                GenerationResult r = pop.step(current, g);
                AgentBatch ev = r.evaluated();
                distance[g - 1] = distance(p, ev, optima);
                double[] f = effective(p, ev, numerical);
                best[g - 1] = f[0];
                mean[g - 1] = f[1];
                w1[g - 1] = reference.exists() ? reference.targets().get(g - 1).w1(ev.hyper, ev.h, ev.n) : Double.NaN;
                current = r.next();
            }
        }
        return new PerSeed(label, seed, distance, best, mean, w1);
    }

    /** D = ‖λ̄ − λ*‖₂ over the coordinates with a known optimum (NaN when there is none). */
    static double distance(ExperimentParams p, AgentBatch ev, List<Optimum> optima) {
        if (optima.isEmpty()) {
            return Double.NaN;
        }
        double ss = 0;
        for (Optimum o : optima) {
            int j = p.hyper().indexOf(o.hyper());
            double sum = 0;
            for (int i = 0; i < ev.n; i++) {
                sum += ev.hyper[i * ev.h + j];
            }
            double diff = sum / ev.n - o.value();
            ss += diff * diff;
        }
        return Math.sqrt(ss);
    }

    /** {max, mean} over non-diverged agents of F̄(λᵢ) at the agent's temperature. */
    static double[] effective(ExperimentParams p, AgentBatch ev, EffectiveFitnessEstimate numerical) {
        Model model = p.model();
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < ev.n; i++) {
            if (ev.status[i] != AgentBatch.OK) {
                continue;
            }
            int off = i * ev.h;
            double t = p.dynamics().temperature(ev.hyper, off);
            double f = numerical == null ? model.effectiveFitness(ev.hyper, off, t)
                    : numerical.effectiveFitness(ev.hyper, off, t);
            max = Math.max(max, f);
            sum += f;
            n++;
        }
        return new double[]{n == 0 ? Double.NaN : max, n == 0 ? Double.NaN : sum / n};
    }

    static Series aggregate(String label, List<PerSeed> runs) {
        int gens = runs.get(0).distance().length;
        double[][] out = new double[8][gens];
        for (int g = 0; g < gens; g++) {
            double[] d = new double[runs.size()];
            double[] b = new double[runs.size()];
            double[] m = new double[runs.size()];
            double[] w = new double[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                d[i] = runs.get(i).distance()[g];
                b[i] = runs.get(i).best()[g];
                m[i] = runs.get(i).mean()[g];
                w[i] = runs.get(i).w1()[g];
            }
            out[0][g] = mean(d);
            out[1][g] = se(d);
            out[2][g] = mean(b);
            out[3][g] = se(b);
            out[4][g] = mean(m);
            out[5][g] = se(m);
            out[6][g] = mean(w);
            out[7][g] = se(w);
        }
        return new Series(label, runs.size(), out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7]);
    }

    static Crossing crossing(String label, List<PerSeed> runs, double delta) {
        List<Double> reached = new ArrayList<>();
        for (PerSeed r : runs) {
            double g = firstCrossing(r.distance(), delta);
            if (Double.isFinite(g)) {
                reached.add(g);
            }
        }
        double[] x = reached.stream().mapToDouble(Double::doubleValue).toArray();
        return new Crossing(label, x.length, runs.size(), x.length == 0 ? Double.NaN : mean(x), se(x));
    }

    /**
     * The generation at which D first falls to δ: 1 when D₁ ≤ δ, else g₀ + (log D_{g₀} − log δ)/(log D_{g₀} −
     * log D_{g₀+1}) for the first g₀ with D_{g₀+1} ≤ δ (generations are 1-based, index g − 1); +∞ when never, NaN
     * without distances.
     */
    static double firstCrossing(double[] d, double delta) {
        if (d.length == 0 || Double.isNaN(d[0])) {
            return Double.NaN;
        }
        if (d[0] <= delta) {
            return 1;
        }
        for (int i = 1; i < d.length; i++) {
            if (d[i] <= delta) {
                double a = Math.log(d[i - 1]);
                double b = Math.log(Math.max(d[i], Double.MIN_NORMAL));
                return i + (a - Math.log(delta)) / (a - b);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** x̄ = (1/n) Σ xᵢ (NaN when empty). */
    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    /** SE = s/√n, s² = Σ (xᵢ − x̄)²/(n − 1); NaN for n &lt; 2. */
    static double se(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1) / x.length);
    }

    /** A number for tables: 4 significant digits, "-" for NaN, "never" for +∞. */
    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : Double.isInfinite(v) ? "never" : String.format(Locale.ROOT, "%.4g", v);
    }
}
