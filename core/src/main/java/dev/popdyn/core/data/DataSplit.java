package dev.popdyn.core.data;

import dev.popdyn.core.random.Streams;

/**
 * The train/validation split rule of prepared data sets: row i (0-based position in the source, in file order) is a
 * validation row iff u(i) &lt; f, where f is {@code data.validation-fraction} and
 * u(i) = (mix(mix(s) ⊕ (i + γ)) ≫ 11) · 2⁻⁵³ ∈ [0, 1), with s = {@code data.split-seed}, γ = 0x9E3779B97F4A7C15 and
 * mix the SplitMix64 finaliser ({@link Streams#mix}). The rule depends only on (s, i), so the split is the same for
 * any Spark partitioning, and each row is in the validation set independently with probability f. Stateless and
 * thread-safe.
 */
public final class DataSplit {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private DataSplit() {
    }

    /** u(i) ∈ [0, 1) for split seed {@code seed} and row index {@code row}. */
    public static double uniform(long seed, long row) {
        return (Streams.mix(Streams.mix(seed) ^ (row + GOLDEN)) >>> 11) * 0x1.0p-53;
    }

    /** Whether row {@code row} belongs to the validation section. */
    public static boolean isValidation(long seed, long row, double fraction) {
        return uniform(seed, row) < fraction;
    }
}
