package dev.popdyn.core.model;

import com.typesafe.config.Config;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Key;
import java.util.List;

/**
 * Builds one kind of {@link Model} from the {@code model.*} keys of a config. The keys it declares are the ones
 * {@code popdyn explain MODEL} prints and the only {@code model.*} keys accepted for that model.
 */
public interface ModelFactory {
    /** The value of {@code model.name} that selects this factory. */
    String name();

    /** One line describing the model. */
    String description();

    /** The model-specific keys (paths start with {@code model.}). */
    List<Key<?>> keys();

    /** Builds the model; values are read through {@link #keys()} so they are validated. */
    Model create(Config root, HyperSpace space);
}
