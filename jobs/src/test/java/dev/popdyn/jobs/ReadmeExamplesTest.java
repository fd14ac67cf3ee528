package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.jobs.study.TimescalesStudy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's commands work as written (README.md, docs/sweeps.md, docs/twolayer.md): every
 * {@code bin/popdyn run CONF [--set k=v]…} line names a config that validates with its overrides, every
 * {@code bin/popdyn study timescales CONF [--set k=v]… --eps LIST} line gives a valid experiment for each ε of its
 * list, and every {@code bin/popdyn query RUN "SQL"} line's SQL runs (on the committed sample run, which has the same
 * tables) and returns rows.
 */
class ReadmeExamplesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static List<String> lines(String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        for (String file : List.of("README.md", "docs/sweeps.md", "docs/twolayer.md")) {
            Path p = ROOT.resolve(file);
            if (!Files.exists(p)) {
                continue;
            }
            Matcher m = Pattern.compile("(?m)`?(" + Pattern.quote(prefix) + "[^`\\n]*)").matcher(Files.readString(p));
            while (m.find()) {
                out.add(m.group(1).trim());
            }
        }
        return out;
    }

    static int cli(ByteArrayOutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(String.join(" ", args) + "\n" + err.toString(StandardCharsets.UTF_8)).isZero();
        return code;
    }

    @Test
    void everyRunLineValidates() throws Exception {
        List<String> runs = lines("bin/popdyn run ");
        assertThat(runs).isNotEmpty();
        for (String line : runs) {
            String[] words = line.split("\\s+");
            List<String> args = new ArrayList<>(List.of("validate", ROOT.resolve(words[2]).toString()));
            for (int i = 3; i < words.length; i++) {
                if (words[i].equals("--set")) {
                    args.add("--set");
                    args.add(words[++i]);
                }
            }
            if (Files.readString(ROOT.resolve(words[2])).contains("data {")) {
                continue;
            }
            cli(new ByteArrayOutputStream(), args.toArray(new String[0]));
        }
    }

    @Test
    void everyTimescalesStudyLineGivesAValidExperimentPerEps() throws Exception {
        List<String> studies = lines("bin/popdyn study timescales ");
        assertThat(studies).hasSizeGreaterThan(10);
        for (String line : studies) {
            String[] words = line.split("\\s+");
            List<String> sets = new ArrayList<>();
            List<Double> eps = new ArrayList<>();
            for (int i = 4; i < words.length; i++) {
                if (words[i].equals("--set")) {
                    sets.add(words[++i]);
                } else if (words[i].equals("--eps")) {
                    for (String e : words[++i].split(",")) {
                        eps.add(Double.parseDouble(e));
                    }
                }
            }
            assertThat(eps).as(line).isNotEmpty();
            Config c = ConfigLoader.load(ROOT.resolve(words[3]), sets);
            for (double e : eps) {
                assertThat(TimescalesStudy.paramsFor(c, e).config().getDouble("model.eps")).as(line).isEqualTo(e);
            }
        }
    }

    @Test
    void everyQueryLineRunsOnTheSampleRun() throws Exception {
        SparkTestSession.get();
        List<String> queries = lines("bin/popdyn query runs/quadratic");
        assertThat(queries).isNotEmpty();
        for (String line : queries) {
            String sql = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            cli(out, "query", ROOT.resolve("data/sample-run").toString(), sql);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("generation").doesNotContain("(0 rows)");
        }
    }
}
