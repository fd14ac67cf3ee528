package dev.popdyn.jobs.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.popdyn.core.params.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and expansion of sweep files (no Spark): product order, zip groups, seeds, keys, bad input. */
class SweepSpecTest {
    @TempDir
    Path tmp;

    private static SweepSpec parse(String hocon) {
        return SweepSpec.parse(ConfigFactory.parseString(hocon), Path.of("."));
    }

    @Test
    void productOfSortedAxesWithSeedsInnermost() {
        SweepSpec s = parse("""
                base { population = 10, model { name = quadratic } }
                grid { "selection.fraction" = [0.1, 0.2], fast { temperature = [0, 0.1] } }
                seeds = [1, 2]
                """);
        assertThat(s.keys()).containsExactly("fast.temperature", "selection.fraction");
        List<String> keys = s.points().stream().map(SweepPoint::key).toList();
        assertThat(keys).hasSize(8).startsWith(
                "fast.temperature=0,selection.fraction=0.1,seed=1",
                "fast.temperature=0,selection.fraction=0.1,seed=2",
                "fast.temperature=0,selection.fraction=0.2,seed=1");
        SweepPoint p = s.points().get(7);
        assertThat(p.key()).isEqualTo("fast.temperature=0.1,selection.fraction=0.2,seed=2");
        assertThat(p.config().getDouble("selection.fraction")).isEqualTo(0.2);
        assertThat(p.config().getDouble("fast.temperature")).isEqualTo(0.1);
        assertThat(p.config().getLong("seed")).isEqualTo(2);
        assertThat(p.config().getInt("population")).isEqualTo(10);
    }

    @Test
    void zipAxesVaryTogether() {
        SweepSpec s = parse("""
                base { seed = 5 }
                grid { "selection.fraction" = [0.1, 0.2] }
                zip { "fast.lr" = [0.01, 0.0001], "fast.steps" = [10, 100] }
                """);
        List<String> keys = s.points().stream().map(SweepPoint::key).toList();
        assertThat(keys).containsExactly(
                "fast.lr=0.01,fast.steps=10,selection.fraction=0.1,seed=5",
                "fast.lr=0.01,fast.steps=10,selection.fraction=0.2,seed=5",
                "fast.lr=0.0001,fast.steps=100,selection.fraction=0.1,seed=5",
                "fast.lr=0.0001,fast.steps=100,selection.fraction=0.2,seed=5");
    }

    @Test
    void dirNamesAreFileSystemSafe() {
        SweepSpec s = parse("""
                base { }
                grid { "model.name" = ["a/b c", ".x"] }
                """);
        assertThat(s.points().get(0).dirName()).isEqualTo("model.name=a_b_c,seed=0");
        assertThat(s.points().get(1).dirName()).isEqualTo("model.name=.x,seed=0");
        assertThat(new SweepPoint(java.util.Map.of("k", ConfigFactory.parseString("k = \"" + "v".repeat(300)
                + "\"").getValue("k")), 1, ConfigFactory.empty()).dirName()).hasSize(200).contains("~");
    }

    @Test
    void badInputNamesTheKey() throws Exception {
        assertThatThrownBy(() -> parse("base { }\ngrid { \"fast.lr\" = [] }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("grid.fast.lr: empty axis");
        assertThatThrownBy(() -> parse("base { }\nzip { a = [1, 2], b = [1] }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("zip.b: has 1 values");
        assertThatThrownBy(() -> parse("grid { a = [1] }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("base: missing");
        assertThatThrownBy(() -> parse("base { }\ngrid { seed = [1] }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("grid.seed");
        assertThatThrownBy(() -> parse("base { }\ngrid { a = 1 }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("grid.a: expected a list");
        assertThatThrownBy(() -> parse("base { }\nseeds = [1, 1]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("seeds");
        assertThatThrownBy(() -> parse("base { }\ngirds { a = [1] }"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("girds: unknown sweep key");
    }

    @Test
    void baseFileIsRelativeToTheSweepFile() throws Exception {
        Path sub = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(sub.resolve("exp.conf"), "population = 7\n");
        Files.writeString(sub.resolve("sweep.conf"), "base-file = exp.conf\ngrid { generations = [1, 2] }\n");
        SweepSpec s = SweepSpec.load(sub.resolve("sweep.conf"));
        assertThat(s.points()).hasSize(2);
        assertThat(s.points().get(1).config().getInt("population")).isEqualTo(7);
        assertThat(s.points().get(1).config().getInt("generations")).isEqualTo(2);
    }
}
