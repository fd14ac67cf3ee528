package dev.popdyn.core.random;

import java.util.SplittableRandom;

/**
 * Counter-based random streams: every draw in popdyn comes from a stream that is a pure function of
 * {@code (seed, generation, agentId, purpose)}.
 *
 * <p>Algorithm: the four words are absorbed one after the other into a 64-bit state with the SplitMix64 finaliser
 * (Steele, Lea, Flood 2014, "Fast splittable pseudorandom number generators"; constants of Stafford's "Mix13"):
 * {@code h = mix(h ^ word + GOLDEN·(k+1))} for the k-th word, starting from {@code h = mix(seed)}. The result seeds
 * a {@link SplittableRandom}, whose output is SplitMix64 with a fixed gamma. Gaussians use the JDK's
 * {@code nextGaussian()} (McFarland's modified ziggurat, JDK 17+), which is deterministic for a given stream.
 *
 * <p>Nothing is seeded from a partition index, thread, task attempt or clock, so the same tuple gives the same draws
 * on any engine, any partitioning and after any retry. Thread-safe (stateless); the returned generator is not.
 */
public final class Streams {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Streams() {
    }

    /** The stream of {@code (seed, generation, agentId, purpose)}. */
    public static SplittableRandom of(long seed, long generation, long agentId, Purpose purpose) {
        return new SplittableRandom(key(seed, generation, agentId, purpose.code()));
    }

    /** The 64-bit stream key of a tuple (exposed for tests and for deriving sub-keys). */
    public static long key(long seed, long generation, long agentId, long purposeCode) {
        long h = mix(seed);
        h = mix(h ^ (generation + GOLDEN));
        h = mix(h ^ (agentId + 2 * GOLDEN));
        h = mix(h ^ (purposeCode + 3 * GOLDEN));
        return h;
    }

    /** Stafford's Mix13 finaliser of SplitMix64: a bijection on 64-bit words with full avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
