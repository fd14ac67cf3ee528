package dev.popdyn.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where HOCON's leniency would hide a mistake, {@link ConfigLoader} refuses with one {@link InvalidConfigException}
 * naming the key: a key set twice in a file, a {@code null} value, a missing {@code include}, a {@code --set} value
 * with a line break, {@code lo}/{@code hi}/{@code scale} on a categorical coordinate, a seed beyond 2⁶³ − 1. Every
 * shipped example still loads, with the same resolved values as plain HOCON gives it.
 */
class ConfigLoaderStrictnessTest {
    private static final String BASE = "seed = 1\npopulation = 20\ngenerations = 2\nmodel { name = quadratic }\n";

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private InvalidConfigException rejected(Path file, List<String> sets) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () ->
                ExperimentParams.fromConfig(ConfigLoader.load(file, sets)));
        assertThat(e).as("rejected: %s %s", file, sets).isNotNull();
        assertThat(e.getMessage()).matches("(?s)[^\\n]+: .+ \\(.+\\)").doesNotContain("\n");
        return e;
    }

    @Test
    void aKeySetTwiceInOneFileIsRefusedWithBothLines() throws IOException {
        InvalidConfigException e = rejected(write("dup.conf", BASE + "population = 50\n"), List.of());
        assertThat(e.key()).isEqualTo("population");
        assertThat(e.getMessage()).contains("lines 2 and 5");
        InvalidConfigException nested = rejected(write("dup2.conf", BASE
                + "fast { lr = 0.1 }\n# a comment with fast.lr = 3\nfast.lr = 0.2\n"), List.of());
        assertThat(nested.key()).isEqualTo("fast.lr");
        InvalidConfigException quoted = rejected(write("dup3.conf", BASE
                + "hyper { reg { lo = 0, hi = 3 } }\nhyper.reg { hi = 4 }\n"), List.of());
        assertThat(quoted.key()).isEqualTo("hyper.reg.hi");
    }

    @Test
    void objectsOpenedTwiceMergeAndOverridesMayRepeat() throws IOException {
        Path f = write("merge.conf", BASE + "fast { lr = 0.1 }\nfast { steps = 3 }\n"
                + "note = \"\"\"population = 9\n fast.lr = 2\"\"\"\ntext = \"seed = 4, population = 1\"\n"
                + "// population = 7\nlist = [{ a = 1 }, { a = 2 }]\n");
        assertThatCode(() -> ConfigLoader.load(f, List.of("population=30", "population=40")))
                .doesNotThrowAnyException();
        assertThat(ConfigLoader.load(f, List.of("population=30", "population=40")).getInt("population"))
                .isEqualTo(40);
    }

    @Test
    void aNullValueIsRefused() throws IOException {
        assertThat(rejected(write("null.conf", BASE.replace("population = 20", "population = null")), List.of())
                .key()).isEqualTo("population");
        assertThat(rejected(write("ok.conf", BASE), List.of("fast.lr=null")).key()).isEqualTo("fast.lr");
    }

    @Test
    void aMissingIncludeIsRefusedAndAPresentOneIsRead() throws IOException {
        InvalidConfigException e = rejected(write("inc.conf", "include \"nothere.conf\"\n" + BASE), List.of());
        assertThat(e.key()).endsWith("inc.conf");
        assertThat(e.getMessage()).contains("include").contains("nothere");
        write("part.conf", "population = 33\n");
        Config c = ConfigLoader.load(write("inc2.conf", "include \"part.conf\"\nseed = 1\n"), List.of());
        assertThat(c.getInt("population")).isEqualTo(33);
    }

    @Test
    void aSetValueWithALineBreakIsRefused() throws IOException {
        InvalidConfigException e = rejected(write("ok.conf", BASE), List.of("population=20\nseed=3"));
        assertThat(e.key()).isEqualTo("population");
        assertThat(e.getMessage()).contains("line break");
    }

    @Test
    void boundsOrScaleOnACategoricalCoordinateAreRefused() throws IOException {
        for (String k : List.of("lo = 1", "hi = 9", "scale = log")) {
            InvalidConfigException e = rejected(write("cat.conf", BASE
                    + "hyper { reg { type = categorical, levels = [0, 1, 2], " + k + " } }\n"), List.of());
            assertThat(e.key()).isEqualTo("hyper.reg." + k.substring(0, k.indexOf(' ')));
        }
    }

    @Test
    void boundsWhoseSpanOverflowsADoubleAreRefused() throws IOException {
        InvalidConfigException e = rejected(write("wide.conf", BASE
                + "hyper { reg { lo = -1.7e308, hi = 1.7e308 } }\n"), List.of());
        assertThat(e.key()).isEqualTo("hyper.reg");
        assertThat(e.getMessage()).contains("span more than the largest double");
        assertThatCode(() -> ExperimentParams.fromConfig(ConfigLoader.load(write("half.conf", BASE
                + "hyper { reg { lo = -0.85e308, hi = 0.85e308 } }\n"), List.of()))).doesNotThrowAnyException();
    }

    @Test
    void aSeedOfTwoToTheSixtyThreeIsOutOfRangeNotANonInteger() throws IOException {
        InvalidConfigException e = rejected(write("seed.conf", BASE.replace("seed = 1",
                "seed = 9223372036854775808")), List.of());
        assertThat(e.key()).isEqualTo("seed");
        assertThat(e.getMessage()).contains("out of range").contains("[0, 9223372036854775807]")
                .doesNotContain("not an integer");
        assertThatCode(() -> ExperimentParams.fromConfig(ConfigLoader.load(write("max.conf",
                BASE.replace("seed = 1", "seed = 9223372036854775807")), List.of()))).doesNotThrowAnyException();
    }

    @Test
    void everyShippedExampleLoadsWithPlainHoconValues() throws IOException {
        Path dir = Path.of("..", "conf", "examples");
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
            for (Path f : ds) {
                Config plain = com.typesafe.config.ConfigFactory.parseFile(f.toFile()).resolve();
                assertThat(ConfigLoader.load(f, List.of())).as(f.toString()).isEqualTo(plain);
                n++;
            }
        }
        assertThat(n).isGreaterThan(5);
    }
}
