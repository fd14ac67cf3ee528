package dev.popdyn.jobs.sweep;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.popdyn.jobs.SparkTestSession;
import dev.popdyn.jobs.Main;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cron line of {@code docs/scheduling.md}: its shape, the sweep file it names (present, every point valid), and
 * its {@code popdyn} arguments run in-process twice with the sweep file swapped for a two-run sweep and {@code --out}
 * for a temporary folder, output appended to a log as its {@code >> log 2>&1} does. Not tested: cron itself,
 * {@code bin/popdyn} as a separate process, systemd, spark-submit.
 */
class SweepSchedulingDocTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern CRON = Pattern.compile(
            "^(\\S+ \\S+ \\S+ \\S+ \\S+) cd (\\S+) && bin/popdyn (sweep .+) >> (\\S+) 2>&1$");

    @TempDir
    Path tmp;

    static String cronLine() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/scheduling.md"));
        int start = doc.indexOf("```cron\n");
        assertThat(start).as("a ```cron block").isNotNegative();
        String block = doc.substring(start + 8, doc.indexOf("```", start + 8));
        List<String> lines = block.lines().filter(l -> l.contains("bin/popdyn")).toList();
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    @Test
    void theCronLineRunsASweepAndItsSecondNightSkipsEverything() throws Exception {
        Matcher m = CRON.matcher(cronLine());
        assertThat(m.matches()).as("cron line shape: m h dom mon dow cd DIR && bin/popdyn sweep ... >> LOG 2>&1")
                .isTrue();
        List<String> args = new ArrayList<>(List.of(m.group(3).split(" ")));
        assertThat(args.get(0)).isEqualTo("sweep");
        Path named = ROOT.resolve(args.get(1));
        assertThat(named).exists();
        SweepSpec example = SweepSpec.load(named);
        assertThat(Sweep.plan(example, StoragePath.local(tmp.resolve("unused")), () -> {
            throw new AssertionError("the example needs no Spark to validate");
        })).hasSize(18);
        int out = args.indexOf("--out");
        assertThat(out).isPositive();

        Path tiny = tmp.resolve("tiny-sweep.conf");
        Files.writeString(tiny, """
                base {
                  population = 8
                  generations = 1
                  model { name = quadratic, dim = 2 }
                  fast { steps = 3, lr = 0.05, temperature = 0.1 }
                  hyper { reg { lo = 0, hi = 3 } }
                  execution { partitions = 2 }
                }
                grid { "fast.temperature" = [0, 0.1] }
                seeds = [1]
                """);
        args.set(1, tiny.toString());
        args.set(out + 1, tmp.resolve("nightly").toString());
        Path log = tmp.resolve(Path.of(m.group(4)).getFileName());
        SparkTestSession.get();
        for (int night = 1; night <= 2; night++) {
            try (PrintStream ps = new PrintStream(new FileOutputStream(log.toFile(), true), true,
                    StandardCharsets.UTF_8)) {
                assertThat(Main.execute(args.toArray(new String[0]), ps, ps)).as(Files.readString(log)).isZero();
            }
        }
        String text = Files.readString(log);
        assertThat(text).contains("sweep done: 2 runs, 2 done, 0 failed").contains("(2 already done)");
        assertThat(tmp.resolve("nightly/runs.parquet")).exists();
    }
}
