package dev.popdyn.core.params;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine choice of {@code execution.engine} ({@link ExecutionParams#runsLocally}). */
class ExecutionParamsTest {
    private static final ExecutionParams AUTO = new ExecutionParams(0, 0, 2, "unused");
    private static final long GB = 1L << 30;

    private static ExperimentParams quadratic(long n, int d, String more) {
        return ExperimentParams.parse("population = " + n + "\nmodel { name = quadratic, dim = " + d + " }\n"
                + "fast { steps = 20 }\nhyper { reg { lo = 0, hi = 3 } }\nfitness { estimator = window, window = 5 }\n"
                + more);
    }

    /** On a cluster master, auto keeps only populations with N·d ≤ LOCAL_MAX_VALUES in-process. */
    @Test
    void onAClusterAutoRunsOnlySmallPopulationsInProcess() {
        ExecutionParams.Driver cluster = new ExecutionParams.Driver(false, 64 * GB);
        long n = ExecutionParams.LOCAL_MAX_VALUES / 16;
        assertThat(AUTO.engine()).isEqualTo("auto");
        assertThat(AUTO.runsLocally(quadratic(n, 16, ""), cluster)).isTrue();
        assertThat(AUTO.runsLocally(quadratic(n + 1, 16, ""), cluster)).isFalse();
        assertThat(AUTO.withEngine("local").runsLocally(quadratic(n + 1, 16, ""), cluster)).isTrue();
        assertThat(AUTO.withEngine("spark").runsLocally(quadratic(10, 16, ""), cluster)).isFalse();
    }

    /**
     * In local mode auto runs in-process while LOCAL_COPIES copies fit in half the heap: the quadratic agent with
     * d = 16, one λ, a window of 5 and no optimiser state is 8·(1 + 16 + 1 + 5 + 0 + 2) + 13 = 213 bytes, so
     * 4 · 10⁶ · 213 B = 852 MB fits half of 2 GB (1074 MB) and not half of 1.5 GB (805 MB).
     */
    @Test
    void inLocalModeAutoRunsInProcessWhileThePopulationFitsHalfTheHeap() {
        ExperimentParams p = quadratic(1_000_000, 16, "");
        assertThat(ExecutionParams.bytesPerAgent(p)).isEqualTo(213);
        assertThat(AUTO.runsLocally(p, new ExecutionParams.Driver(true, 2 * GB))).isTrue();
        assertThat(AUTO.runsLocally(p, new ExecutionParams.Driver(true, 3 * GB / 2))).isFalse();
        assertThat(AUTO.runsLocally(p, new ExecutionParams.Driver(false, 2 * GB))).isFalse();
    }
}
