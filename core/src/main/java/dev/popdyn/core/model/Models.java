package dev.popdyn.core.model;

import com.typesafe.config.Config;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Key;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of model factories by {@code model.name}. Thread-safe (filled once, read-only). */
public final class Models {
    private static final Map<String, ModelFactory> FACTORIES = new LinkedHashMap<>();

    static {
        register(new QuadraticFactory());
        register(new HimmelblauFactory());
        register(new TwoLayerFactory());
        register(new LogisticFactory());
        register(new MlpFactory());
        register(new DqnCartPoleFactory());
    }

    private Models() {
    }

    private static void register(ModelFactory f) {
        FACTORIES.put(f.name(), f);
    }

    /** All known model names, in registration order. */
    public static List<String> names() {
        return new ArrayList<>(FACTORIES.keySet());
    }

    /** The factory of {@code name}, or null. */
    public static ModelFactory factory(String name) {
        return FACTORIES.get(name);
    }

    static final class QuadraticFactory implements ModelFactory {
        static final Key.Int DIM = new Key.Int("model.dim", "dimension d of θ", 4, 1, 1_000_000);
        static final Key.Real CENTER = new Key.Real("model.center", "training target c (every coordinate)", 1.0,
                Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
        static final Key.Real TARGET = new Key.Real("model.target", "validation target v (every coordinate)", 0.5,
                Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
        static final Key.Real REG = new Key.Real("model.reg", "regularisation ρ when λ has no 'reg' coordinate",
                0.0, 0.0, false, Double.POSITIVE_INFINITY, true);
        static final Key.Real INIT_SD = new Key.Real("model.init-sd", "θ starts N(0, init-sd²·I)", 1.0, 0.0, false,
                Double.POSITIVE_INFINITY, true);

        @Override
        public String name() {
            return "quadratic";
        }

        @Override
        public String description() {
            return "bilevel toy: L = ½‖θ−c‖² + (ρ/2)‖θ‖², F = −½‖θ−v‖²; closed-form Gibbs law and effective "
                    + "fitness; hyper role: reg";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of(DIM, CENTER, TARGET, REG, INIT_SD);
        }

        @Override
        public Model create(Config root, HyperSpace space) {
            return new Quadratic(DIM.read(root).intValue(), CENTER.read(root), TARGET.read(root), REG.read(root),
                    INIT_SD.read(root), space);
        }
    }

    static final class HimmelblauFactory implements ModelFactory {
        @Override
        public String name() {
            return "himmelblau";
        }

        @Override
        public String description() {
            return "θ ∈ ℝ², L = (x²+y−11)² + (x+y²−7)², four global minima, F = −L";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of();
        }

        @Override
        public Model create(Config root, HyperSpace space) {
            return new Himmelblau();
        }
    }
}
