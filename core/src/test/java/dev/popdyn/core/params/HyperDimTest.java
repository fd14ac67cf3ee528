package dev.popdyn.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link HyperDim} and {@link HyperSpace}: the normalised-coordinate maps of docs/design.md §1.3 and reflection. */
class HyperDimTest {
    /** Reflection by repeated mirroring at ±1, the definition the closed form must agree with. */
    private static double mirror(double u) {
        while (u > 1 || u < -1) {
            u = u > 1 ? 2 - u : -2 - u;
        }
        return u;
    }

    @Test
    void reflectAgreesWithRepeatedMirroring() {
        assertThat(HyperDim.reflect(0.3)).isEqualTo(0.3);
        assertThat(HyperDim.reflect(1.0)).isEqualTo(1.0);
        assertThat(HyperDim.reflect(-1.0)).isEqualTo(-1.0);
        assertThat(HyperDim.reflect(1.5)).isCloseTo(0.5, within(1e-15));
        assertThat(HyperDim.reflect(-1.5)).isCloseTo(-0.5, within(1e-15));
        assertThat(HyperDim.reflect(3.5)).isCloseTo(-0.5, within(1e-15));
        assertThat(HyperDim.reflect(5.0)).isCloseTo(1.0, within(1e-15));
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            double u = (rng.nextDouble() - 0.5) * 40;
            double r = HyperDim.reflect(u);
            assertThat(r).as("reflect(%s)", u).isBetween(-1.0, 1.0).isCloseTo(mirror(u), within(1e-12));
        }
    }

    @Test
    void clipClamps() {
        assertThat(HyperDim.clip(1.7)).isEqualTo(1.0);
        assertThat(HyperDim.clip(-3)).isEqualTo(-1.0);
        assertThat(HyperDim.clip(0.25)).isEqualTo(0.25);
    }

    @Test
    void linearMapEndpointsAndRoundTrip() {
        HyperDim d = HyperDim.real("x", -2, 6, Scale.LINEAR);
        assertThat(d.toUnit(-2)).isEqualTo(-1.0);
        assertThat(d.toUnit(6)).isEqualTo(1.0);
        assertThat(d.toUnit(2)).isEqualTo(0.0);
        for (double x = -2; x <= 6; x += 0.37) {
            assertThat(d.fromUnit(d.toUnit(x))).isCloseTo(x, within(1e-14));
        }
        for (double u = -1; u <= 1; u += 0.01) {
            assertThat(d.toUnit(d.fromUnit(u))).isCloseTo(u, within(1e-14));
        }
    }

    @Test
    void logMapEndpointsAndRoundTrip() {
        HyperDim d = HyperDim.real("lr", 1e-4, 1e-1, Scale.LOG);
        assertThat(d.toUnit(1e-4)).isCloseTo(-1.0, within(1e-15));
        assertThat(d.toUnit(1e-1)).isCloseTo(1.0, within(1e-15));
        assertThat(d.toUnit(Math.sqrt(1e-5))).as("geometric midpoint").isCloseTo(0.0, within(1e-14));
        assertThat(d.fromUnit(-1)).isEqualTo(1e-4);
        assertThat(d.fromUnit(1)).isEqualTo(1e-1);
        for (double u = -1; u <= 1; u += 0.01) {
            double x = d.fromUnit(u);
            assertThat(x).isBetween(1e-4, 1e-1);
            assertThat(d.toUnit(x)).isCloseTo(u, within(1e-13));
        }
    }

    @Test
    void integersRoundToNearest() {
        HyperDim d = HyperDim.integer("k", 0, 10, Scale.LINEAR);
        assertThat(d.fromUnit(d.toUnit(3.4))).isEqualTo(3.0);
        assertThat(d.fromUnit(d.toUnit(3.6))).isEqualTo(4.0);
        assertThat(d.fromUnit(d.toUnit(0.4))).isEqualTo(0.0);
        assertThat(d.fromUnit(d.toUnit(9.6))).isEqualTo(10.0);
        for (int k = 0; k <= 10; k++) {
            assertThat(d.fromUnit(d.toUnit(k))).isEqualTo(k);
        }
    }

    @Test
    void categoricalLevelsMapToEvenlySpacedUnits() {
        HyperDim d = HyperDim.categorical("c", 0.5, 1, 4, 8);
        assertThat(d.levelCount()).isEqualTo(4);
        for (int k = 0; k < 4; k++) {
            double level = d.level(k);
            assertThat(d.toUnit(level)).isCloseTo(2.0 * k / 3 - 1, within(1e-15));
            assertThat(d.fromUnit(d.toUnit(level))).isEqualTo(level);
            assertThat(d.levelIndex(level)).isEqualTo(k);
        }
        assertThat(d.levelIndex(5.5)).isEqualTo(2);
        assertThat(d.lo()).isEqualTo(0.5);
        assertThat(d.hi()).isEqualTo(8);
    }

    @Test
    void fromUnitClampsOutsideTheUnitInterval() {
        HyperDim d = HyperDim.real("x", 1, 2, Scale.LINEAR);
        assertThat(d.fromUnit(5)).isEqualTo(2.0);
        assertThat(d.fromUnit(-5)).isEqualTo(1.0);
    }

    @Test
    void samplesStayInsideTheBoxForEveryPrior() {
        HyperDim[] dims = {HyperDim.real("a", 1e-3, 1, Scale.LOG).withPrior("normal(-1, 2)"),
            HyperDim.real("b", 0, 1, Scale.LINEAR).withPrior("uniform(0.2, 0.3)"),
            HyperDim.integer("c", 1, 9, Scale.LINEAR).withPrior("normal(5, 10)"),
            HyperDim.categorical("d", 1, 2, 3), HyperDim.real("e", 0, 1, Scale.LINEAR).withPrior("0.75")};
        for (HyperDim d : dims) {
            for (long i = 0; i < 2000; i++) {
                double x = d.sample(Streams.of(1, 0, i, Purpose.INIT_HYPER));
                assertThat(x).as(d.toString()).isBetween(d.lo(), d.hi());
            }
        }
        assertThat(dims[1].sample(Streams.of(1, 0, 0, Purpose.INIT_HYPER))).isBetween(0.2, 0.3);
        assertThat(dims[4].sample(Streams.of(1, 0, 0, Purpose.INIT_HYPER))).isEqualTo(0.75);
    }

    @Test
    void spaceIsSortedByName() {
        HyperSpace s = HyperSpace.of(HyperDim.real("temperature", 0, 1, Scale.LINEAR),
                HyperDim.real("lr", 0.1, 1, Scale.LOG), HyperDim.real("reg", 0, 1, Scale.LINEAR));
        assertThat(s.names()).containsExactly("lr", "reg", "temperature");
        assertThat(s.indexOf("reg")).isEqualTo(1);
        assertThat(s.indexOf("momentum")).isEqualTo(-1);
    }
}
