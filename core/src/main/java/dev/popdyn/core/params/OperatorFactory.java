package dev.popdyn.core.params;

import java.util.List;
import java.util.function.Function;

/**
 * One entry of an operator registry (selection rules, fitness estimators, mutation kernels, fast dynamics): the
 * config name that picks it, a one-line summary (used in the selecting key's doc and by {@code popdyn explain}), the
 * keys it reads — declared next to the operator, in the manner of Spark ML's params — and how it is built.
 * Implementations are immutable and thread-safe.
 *
 * @param <T> the operator family
 */
public interface OperatorFactory<T> {
    /** The config value that selects this operator. */
    String name();

    /** One line describing the operator. */
    String summary();

    /** The keys the operator reads, in documentation order (possibly empty). */
    List<Key<?>> keys();

    /**
     * Builds the operator. Every value is read through {@link BuildContext#resolve} (hashed) or
     * {@link BuildContext#peek} (not hashed), so it is validated by its key.
     */
    T create(BuildContext context);

    /** A factory from its parts. */
    static <T> OperatorFactory<T> of(String name, String summary, List<Key<?>> keys,
            Function<BuildContext, T> create) {
        List<Key<?>> copy = List.copyOf(keys);
        return new OperatorFactory<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String summary() {
                return summary;
            }

            @Override
            public List<Key<?>> keys() {
                return copy;
            }

            @Override
            public T create(BuildContext context) {
                return create.apply(context);
            }
        };
    }
}
