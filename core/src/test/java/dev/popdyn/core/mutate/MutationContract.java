package dev.popdyn.core.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.core.params.HyperDim;
import dev.popdyn.core.params.HyperSpace;
import dev.popdyn.core.params.Scale;
import dev.popdyn.core.params.ValueType;
import dev.popdyn.core.random.Purpose;
import dev.popdyn.core.random.Streams;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Mutation} kernel must satisfy (Jenetics {@code *Tester} style): a subclass supplies the
 * kernel. The tests mutate agents of a space with a real linear, a real log-scale, an int, an int log-scale and a
 * categorical coordinate, repeatedly and from the bounds, and check that no coordinate ever leaves [lo, hi], ints
 * stay integral, categorical values stay on a level, only the agent's slice of λ is written, and the result is a
 * pure function of the random stream.
 */
public abstract class MutationContract {
    /** The kernel under test. */
    protected abstract Mutation mutation();

    /** The test space (sorted by name: batch, decay, levels, lr, steps). */
    protected static HyperSpace space() {
        return HyperSpace.of(HyperDim.real("decay", -1.0, 2.5, Scale.LINEAR), HyperDim.real("lr", 1e-5, 0.3,
                Scale.LOG), HyperDim.integer("steps", 0, 10, Scale.LINEAR), HyperDim.integer("batch", 1, 1024,
                Scale.LOG), HyperDim.categorical("levels", 0.5, 1.0, 4.0, 8.0));
    }

    private static double[] initial(HyperSpace s, long id) {
        double[] x = new double[s.size()];
        SplittableRandom rng = Streams.of(3, 0, id, Purpose.INIT_HYPER);
        for (int k = 0; k < s.size(); k++) {
            x[k] = s.dim(k).sample(rng);
        }
        return x;
    }

    private static void assertValid(HyperSpace s, double[] x, int off, String context) {
        for (int k = 0; k < s.size(); k++) {
            HyperDim d = s.dim(k);
            double v = x[off + k];
            assertThat(v).as("%s %s", d.name(), context).isBetween(d.lo(), d.hi());
            if (d.type() == ValueType.INT) {
                assertThat(v).as("%s integral %s", d.name(), context).isEqualTo(Math.rint(v));
            }
            if (d.type() == ValueType.CATEGORICAL) {
                assertThat(d.levels()).as("%s on a level %s", d.name(), context).contains(v);
            }
        }
    }

    @Test
    void nameIsAConfigChoice() {
        assertThat(Mutations.registry().names()).contains(mutation().name());
    }

    @Test
    void repeatedMutationsNeverLeaveTheBox() {
        Mutation m = mutation();
        HyperSpace s = space();
        for (long id = 0; id < 200; id++) {
            double[] x = initial(s, id);
            for (long g = 1; g <= 100; g++) {
                m.mutate(s, x, 0, Streams.of(3, g, id, Purpose.MUTATE));
                assertValid(s, x, 0, "agent " + id + " generation " + g);
            }
        }
    }

    @Test
    void agentsStartingAtTheBoundsStayInside() {
        Mutation m = mutation();
        HyperSpace s = space();
        for (boolean upper : new boolean[]{false, true}) {
            for (long id = 0; id < 2000; id++) {
                double[] x = new double[s.size()];
                for (int k = 0; k < s.size(); k++) {
                    x[k] = upper ? s.dim(k).hi() : s.dim(k).lo();
                }
                m.mutate(s, x, 0, Streams.of(4, 1, id, Purpose.MUTATE));
                assertValid(s, x, 0, (upper ? "from hi" : "from lo") + ", agent " + id);
            }
        }
    }

    @Test
    void onlyTheAgentSliceIsWritten() {
        Mutation m = mutation();
        HyperSpace s = space();
        double[] x = initial(s, 1);
        double[] padded = new double[s.size() * 3];
        Arrays.fill(padded, -777.0);
        System.arraycopy(x, 0, padded, s.size(), s.size());
        for (long g = 1; g <= 50; g++) {
            m.mutate(s, padded, s.size(), Streams.of(5, g, 1, Purpose.MUTATE));
        }
        for (int i = 0; i < padded.length; i++) {
            if (i < s.size() || i >= 2 * s.size()) {
                assertThat(padded[i]).as("λ outside the slice at %d", i).isEqualTo(-777.0);
            }
        }
        assertValid(s, padded, s.size(), "at an offset");
    }

    @Test
    void sameStreamGivesTheSameMutation() {
        Mutation m = mutation();
        HyperSpace s = space();
        double[] a = initial(s, 2);
        double[] b = a.clone();
        boolean ra = m.mutate(s, a, 0, Streams.of(6, 1, 2, Purpose.MUTATE));
        boolean rb = m.mutate(s, b, 0, Streams.of(6, 1, 2, Purpose.MUTATE));
        assertThat(b).containsExactly(a);
        assertThat(rb).isEqualTo(ra);
    }

    @Test
    void mutationMovesSomething() {
        Mutation m = mutation();
        HyperSpace s = space();
        int moved = 0;
        for (long id = 0; id < 100; id++) {
            double[] x = initial(s, id);
            double[] before = x.clone();
            m.mutate(s, x, 0, Streams.of(7, 1, id, Purpose.MUTATE));
            if (!Arrays.equals(x, before)) {
                moved++;
            }
        }
        assertThat(moved).isGreaterThan(50);
    }
}
