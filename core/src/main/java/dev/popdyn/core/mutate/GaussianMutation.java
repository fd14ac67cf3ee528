package dev.popdyn.core.mutate;

import dev.popdyn.core.params.BuildContext;
import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.params.ValueType;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Gaussian steps in normalised coordinates (docs/design.md §1.3): for each coordinate, with probability r redraw it from its
 * prior (PBT's "resample" explore, Jaderberg et al. 2017); otherwise a categorical coordinate moves to an adjacent
 * level with probability p (direction ±1 with equal odds, reflected at the ends), and a real or int coordinate takes
 * {@code u' = u + s·ξ}, ξ ~ N(0, 1), in u ∈ [−1, 1] (log10 map on a log scale), then the boundary rule, then the map
 * back (ints round to nearest, never truncate).
 *
 * <p>{@link Boundary#REFLECT} (default) mirrors u' at ±1, so a uniform density stays uniform and no mass piles up on
 * the bounds; {@link Boundary#CLIP} clamps, as the seed's PBT code does. Immutable and thread-safe.
 */
public final class GaussianMutation implements Mutation {
    /** How a step that leaves [−1, 1] is brought back. */
    public enum Boundary { REFLECT, CLIP }

    /** {@code mutation.sigma}: s. */
    public static final Key.Real SIGMA = new Key.Real("mutation.sigma", "s: Gaussian step in normalised "
            + "coordinates u ∈ [−1, 1]", 0.1, 0.0, false, Double.POSITIVE_INFINITY, true);
    /** {@code mutation.resample}: r. */
    public static final Key.Real RESAMPLE = new Key.Real("mutation.resample", "r: probability that a coordinate "
            + "is redrawn from its prior instead of perturbed", 0.0, 0.0, false, 1.0, false);
    /** {@code mutation.categorical-step}: p. */
    public static final Key.Real CATEGORICAL = new Key.Real("mutation.categorical-step", "p: probability that a "
            + "categorical coordinate moves to an adjacent level", 0.2, 0.0, false, 1.0, false);
    /** The registry entry {@code reflect}. */
    public static final OperatorFactory<Mutation> REFLECTING = OperatorFactory.of("reflect", "keeps a density",
            List.of(SIGMA, RESAMPLE, CATEGORICAL), c -> create(c, Boundary.REFLECT));
    /** The registry entry {@code clip}. */
    public static final OperatorFactory<Mutation> CLIPPING = OperatorFactory.of("clip", "the seed's code",
            List.of(SIGMA, RESAMPLE, CATEGORICAL), c -> create(c, Boundary.CLIP));

    private final double sigma;
    private final Boundary boundary;
    private final double resample;
    private final double categoricalStep;

    public GaussianMutation(double sigma, Boundary boundary, double resample, double categoricalStep) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be >= 0: " + sigma);
        }
        if (!(resample >= 0 && resample <= 1) || !(categoricalStep >= 0 && categoricalStep <= 1)) {
            throw new IllegalArgumentException("probabilities must be in [0, 1]");
        }
        this.sigma = sigma;
        this.boundary = boundary;
        this.resample = resample;
        this.categoricalStep = categoricalStep;
    }

    private static Mutation create(BuildContext c, Boundary boundary) {
        return new GaussianMutation(c.resolve(SIGMA), boundary, c.resolve(RESAMPLE), c.resolve(CATEGORICAL));
    }

    @Override
    public String name() {
        return boundary == Boundary.REFLECT ? "reflect" : "clip";
    }

    public double sigma() {
        return sigma;
    }

    public Boundary boundary() {
        return boundary;
    }

    @Override
    public boolean mutate(HyperSpace space, double[] hyper, int hoff, RandomGenerator rng) {
        boolean redrawn = false;
        for (int k = 0; k < space.size(); k++) {
            HyperDim dim = space.dim(k);
            if (resample > 0 && rng.nextDouble() < resample) {
                hyper[hoff + k] = dim.sample(rng);
                redrawn = true;
            } else if (dim.type() == ValueType.CATEGORICAL) {
                hyper[hoff + k] = stepLevel(dim, hyper[hoff + k], rng);
            } else if (sigma > 0) {
                double u = dim.toUnit(hyper[hoff + k]) + sigma * rng.nextGaussian();
                u = boundary == Boundary.REFLECT ? HyperDim.reflect(u) : HyperDim.clip(u);
                hyper[hoff + k] = dim.fromUnit(u);
            }
        }
        return redrawn;
    }

    private double stepLevel(HyperDim dim, double x, RandomGenerator rng) {
        if (!(rng.nextDouble() < categoricalStep)) {
            return x;
        }
        int idx = dim.levelIndex(x);
        int last = dim.levelCount() - 1;
        int dir = rng.nextBoolean() ? 1 : -1;
        int next = idx + dir;
        if (next < 0 || next > last) {
            next = idx - dir;
        }
        return dim.level(Math.max(0, Math.min(last, next)));
    }
}
