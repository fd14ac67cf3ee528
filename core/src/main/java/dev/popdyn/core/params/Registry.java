package dev.popdyn.core.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators of one family by config name, in registration order (the order of {@code popdyn explain} and of
 * the allowed values in error messages). Immutable and thread-safe.
 *
 * @param <T> the operator family
 */
public final class Registry<T> {
    private final Map<String, OperatorFactory<T>> byName = new LinkedHashMap<>();

    /** The registry of {@code factories}; names must be distinct. */
    @SafeVarargs
    public Registry(OperatorFactory<T>... factories) {
        for (OperatorFactory<T> f : factories) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalArgumentException("operator registered twice: " + f.name());
            }
        }
    }

    /** Every registered name, in registration order. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** Every factory, in registration order. */
    public List<OperatorFactory<T>> factories() {
        return new ArrayList<>(byName.values());
    }

    /** The factory of {@code name}; {@code name} must be registered (it comes from a validated choice key). */
    public OperatorFactory<T> get(String name) {
        OperatorFactory<T> f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no operator named " + name + " (one of " + names() + ")");
        }
        return f;
    }

    /** The keys of every factory, in registration order, each once. */
    public List<Key<?>> keys() {
        List<Key<?>> out = new ArrayList<>();
        for (OperatorFactory<T> f : byName.values()) {
            for (Key<?> k : f.keys()) {
                if (!out.contains(k)) {
                    out.add(k);
                }
            }
        }
        return out;
    }
}
