package dev.popdyn.jobs.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import dev.popdyn.jobs.CliRun;
import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config of {@code conf/examples} resolves to the same values and {@code config_sha256} through the command
 * line ({@code popdyn validate CONF --set …}, which prints both) as through a sweep ({@link Sweep#plan}). An
 * experiment config is compared with a one-point sweep over it ({@code base-file}); a sweep file point by point with
 * {@code validate} of its base given the point's values and seed as {@code --set} overrides. Both paths reference a
 * prepared data set by the same run-relative {@code model.data} ({@code .data/NAME-<sha12>.pdds}), which enters the
 * hash.
 */
class ConfigPipelineTest {
    private static final Path EXAMPLES = Path.of("..", "conf", "examples").toAbsolutePath().normalize();
    private static final Path REPO = EXAMPLES.getParent().getParent();
    private static final Pattern SHA = Pattern.compile("\\(config_sha256 ([0-9a-f]{64})\\)");

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SparkTestSession.get();
    }

    static Stream<Path> experiments() throws IOException {
        return examples().filter(p -> !p.getFileName().toString().startsWith("sweep-"));
    }

    static Stream<Path> sweeps() throws IOException {
        return examples().filter(p -> p.getFileName().toString().startsWith("sweep-"));
    }

    private static Stream<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            List<Path> confs = s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
            assertThat(confs).hasSizeGreaterThanOrEqualTo(10);
            return confs.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("experiments")
    void experimentConfigHashesAlikeThroughCliAndSweep(Path conf) throws IOException {
        Path sweepDir = tmp.resolve("sweep");
        List<String> fixed = fixedOverrides(conf, sweepDir);
        StringBuilder sweepFile = new StringBuilder("base-file = " + quote(conf.toString()) + "\n");
        for (String o : fixed) {
            if (o.startsWith("data.path=")) {
                sweepFile.append("grid { \"data.path\" = [").append(o.substring("data.path=".length())).append("] }\n");
            }
        }
        Path sweepConf = Files.writeString(tmp.resolve("one-point.conf"), sweepFile);
        List<Sweep.Planned> plan = Sweep.plan(SweepSpec.load(sweepConf), StoragePath.local(sweepDir), SparkTestSession::get);
        assertThat(plan).hasSize(1);
        assertSameAsCli(conf, fixed, plan.get(0));
    }

    @ParameterizedTest
    @MethodSource("sweeps")
    void sweepPointsHashAlikeThroughCliAndSweep(Path sweepConf) throws IOException {
        Path sweepDir = tmp.resolve("sweep");
        Config file = ConfigFactory.parseFile(sweepConf.toFile());
        Path base = file.hasPath("base-file") ? sweepConf.resolveSibling(file.getString("base-file"))
                : Files.writeString(tmp.resolve("base.conf"), file.getValue("base").render());
        List<Sweep.Planned> plan = Sweep.plan(SweepSpec.load(sweepConf), StoragePath.local(sweepDir), SparkTestSession::get);
        assertThat(plan).hasSizeGreaterThan(1);
        for (Sweep.Planned p : plan) {
            List<String> sets = new ArrayList<>(fixedOverrides(base, sweepDir));
            for (Map.Entry<String, ConfigValue> e : p.point().values().entrySet()) {
                sets.add(e.getKey() + "=" + e.getValue().render(ConfigRenderOptions.concise()));
            }
            sets.add("seed=" + p.point().seed());
            assertSameAsCli(base, sets, p);
        }
    }

    /** {@code execution.out} = the sweep directory (same data cache), and an absolute {@code data.path}. */
    private static List<String> fixedOverrides(Path conf, Path sweepDir) {
        List<String> out = new ArrayList<>(List.of("execution.out=" + quote(sweepDir.toString())));
        Config c = ConfigFactory.parseFile(conf.toFile());
        if (c.hasPath("data.path")) {
            out.add("data.path=" + quote(REPO.resolve(c.getString("data.path")).toString()));
        }
        return out;
    }

    private static void assertSameAsCli(Path conf, List<String> sets, Sweep.Planned p) {
        List<String> args = new ArrayList<>(List.of("validate", conf.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        CliRun.Result r = CliRun.cli(args.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = SHA.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(m.group(1)).as(p.point().key()).isEqualTo(p.params().sha256());
        assertThat(r.out()).as(p.point().key()).startsWith(p.params().canonicalText());
    }

    private static String quote(String s) {
        return ConfigFactory.parseMap(Map.of("v", s)).getValue("v").render(ConfigRenderOptions.concise());
    }
}
