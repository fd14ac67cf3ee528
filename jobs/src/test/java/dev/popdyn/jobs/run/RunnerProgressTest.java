package dev.popdyn.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The elapsed/ETA part of the progress line ({@link Runner#timeLine}). */
class RunnerProgressTest {
    @Test
    void etaIsTheMeanGenerationTimeTimesTheGenerationsLeft() {
        assertThat(Runner.timeLine(30, 3, 6)).isEqualTo("elapsed 0:30  eta 1:00");
        assertThat(Runner.timeLine(10, 4, 0)).isEqualTo("elapsed 0:10  eta 0:00");
    }

    @Test
    void clockShowsHoursOnlyWhenNeeded() {
        assertThat(Runner.clock(59.4)).isEqualTo("0:59");
        assertThat(Runner.clock(3599.6)).isEqualTo("1:00:00");
        assertThat(Runner.clock(3725)).isEqualTo("1:02:05");
    }

    @Test
    void pathsWithShellCharactersAreQuotedInTheSuggestedCommands() {
        assertThat(Runner.shellWord("/tmp/runs/q-1")).isEqualTo("/tmp/runs/q-1");
        assertThat(Runner.shellWord("hdfs://127.0.0.1:9000/x")).isEqualTo("hdfs://127.0.0.1:9000/x");
        assertThat(Runner.shellWord("/tmp/my run")).isEqualTo("'/tmp/my run'");
        assertThat(Runner.shellWord("/tmp/it's")).isEqualTo("'/tmp/it'\\''s'");
    }
}
