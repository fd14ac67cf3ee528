package dev.popdyn.core.linalg;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Access to the netlib BLAS of {@code dev.ludovic.netlib:blas} (the library Spark MLlib uses). The first call to
 * {@link #get()} loads an implementation in this order: native {@code JNIBLAS} (needs a system
 * {@code libblas.so.3}, e.g. OpenBLAS), {@code VectorBLAS} (needs {@code --add-modules=jdk.incubator.vector}),
 * {@code Java11BLAS}; each failed attempt logs a JUL warning. {@link #implementation()} names the one that loaded,
 * for benchmark reports and run provenance. Thread-safe (the loaded instance is stateless).
 */
public final class Blas {
    private Blas() {
    }

    /** The loaded BLAS instance. */
    public static BLAS get() {
        return BLAS.getInstance();
    }

    /** The fully qualified class name of the loaded implementation, e.g. {@code dev.ludovic.netlib.blas.VectorBLAS}. */
    public static String implementation() {
        return get().getClass().getName();
    }
}
