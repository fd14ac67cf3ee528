package dev.popdyn.core.model;

import com.typesafe.config.Config;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.InvalidConfigException;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.NameOrListKey;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@link TwoLayer} (Berthier, Montanari, Zhou 2023, arXiv 2303.00055) from the {@code model.*} keys below.
 * Functions ({@code model.target}, {@code model.activation}) are a name ({@code relu}, {@code tanh}, {@code erf};
 * expanded to {@code model.degree}) or a list of normalised Hermite coefficients [c₀, c₁, …] (a polynomial, used
 * as given), written as a HOCON list or as comma-separated text. Hyper role: {@code eps} (λ.eps &gt; 0 replaces
 * {@code model.eps}); lr and temperature belong to the fast dynamics. Immutable and thread-safe.
 */
final class TwoLayerFactory implements ModelFactory {
    static final double INF = Double.POSITIVE_INFINITY;
    static final Key.Int DIM = new Key.Int("model.dim", "input dimension d (θ has m + m·d coordinates)", 32, 2,
            100_000);
    static final Key.Int WIDTH = new Key.Int("model.width", "hidden width m", 64, 1, 100_000);
    static final NameOrListKey TARGET = new NameOrListKey("model.target", "target link φ in y = φ(⟨u*, x⟩), u* = "
            + "e₁: a name or normalised Hermite coefficients [φ₀, φ₁, …] (default 0.6·h₁ + 0.8·h₂: plateau "
            + "R₁ = 0.32)", "[0.0, 0.6, 0.8]", Activation.NAMES, 64);
    static final NameOrListKey ACTIVATION = new NameOrListKey("model.activation", "activation σ: a name or "
            + "normalised Hermite coefficients [σ₀, σ₁, …]", "relu", Activation.NAMES, 64);
    static final Key.Int DEGREE = new Key.Int("model.degree", "Hermite truncation degree of named functions in the "
            + "population risk (lists are used as given)", 8, 0, 60);
    static final Key.Choice GRADIENT = new Key.Choice("model.gradient", "population: exact gradient of the "
            + "Hermite-formula risk R; online: SGD on a fresh Gaussian minibatch of model.batch inputs",
            "population", List.of("population", "online"));
    static final Key.Int BATCH = new Key.Int("model.batch", "minibatch size B (online gradient and online "
            + "validation fitness)", 256, 1, 1_000_000);
    static final Key.Real EPS = new Key.Real("model.eps", "time-scale ratio ε when λ has no 'eps' coordinate: "
            + "the a-gradient is multiplied by 1/ε (second layer ε⁻¹ times faster)", 1.0, 0.0, true, INF, true);
    static final Key.Real INIT_OVERLAP = new Key.Real("model.init-overlap", "initial overlap s₀ = ⟨uⱼ, u*⟩ of "
            + "every neuron; 0 means uⱼ uniform on the sphere (random overlaps ~ d^(-1/2))", 0.0, -1.0, false, 1.0,
            false);
    static final Key.Real INIT_SCALE = new Key.Real("model.init-scale", "aⱼ starts N(0, init-scale²); 0 gives "
            + "a = 0", 0.0, 0.0, false, INF, true);

    @Override
    public String name() {
        return "two-layer";
    }

    @Override
    public String description() {
        return "two-layer net f(x) = (1/m) Σ aⱼ σ(⟨uⱼ,x⟩), ‖uⱼ‖ = 1, on y = φ(⟨u*,x⟩), x ~ N(0, I_d) "
                + "(Berthier–Montanari–Zhou); population (Hermite formula) or online gradient; F = −risk; "
                + "hyper role: eps";
    }

    @Override
    public List<Key<?>> keys() {
        return List.of(DIM, WIDTH, TARGET, ACTIVATION, DEGREE, GRADIENT, BATCH, EPS, INIT_OVERLAP, INIT_SCALE);
    }

    @Override
    public Model create(Config root, HyperSpace space) {
        int e = space.indexOf("eps");
        if (e >= 0 && !(space.dim(e).lo() > 0)) {
            throw new InvalidConfigException("hyper.eps", "lower bound " + space.dim(e).lo() + " is not > 0",
                    "eps > 0");
        }
        int degree = DEGREE.read(root).intValue();
        TwoLayer.Spec spec = new TwoLayer.Spec(DIM.read(root).intValue(), WIDTH.read(root).intValue(),
                Activation.parse(TARGET.read(root), degree), Activation.parse(ACTIVATION.read(root), degree),
                TwoLayer.Gradient.valueOf(GRADIENT.read(root).toUpperCase(Locale.ROOT)), BATCH.read(root).intValue(),
                EPS.read(root), INIT_OVERLAP.read(root), INIT_SCALE.read(root));
        return new TwoLayer(spec, space);
    }
}
