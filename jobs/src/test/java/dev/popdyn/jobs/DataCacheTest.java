package dev.popdyn.jobs;

import static dev.popdyn.jobs.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.CliRun.Result;
import dev.popdyn.jobs.data.DataCache;
import dev.popdyn.jobs.snapshot.MiniHdfs;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prepared data set lives inside the run directory ({@link DataCache}, issue 21 item 4): {@code run.json}'s
 * {@code model.data} is relative to the run directory, so a run moved elsewhere still resumes, replays and exports
 * (and without its {@code .data/} it is one {@code error:} line, proving no other copy served it); a relative
 * {@code data.path} is read beside the config file; a config refused after its data set was prepared leaves nothing
 * anywhere, and {@code validate} writes nothing anywhere: both checked in a child JVM whose temporary folder and
 * working directory must stay empty. A sweep's runs share one copy in {@code DIR/.data/} (referenced as
 * {@code .data/NAME} like a run's own, so a config hashes alike through {@code run} and a sweep), on local disk and
 * on HDFS, where it is written through the file system and read back through a local copy.
 */
class DataCacheTest {
    @TempDir
    static Path tmp;
    static Path confDir;

    @BeforeAll
    static void setUp() throws IOException {
        SparkTestSession.get();
        confDir = Files.createDirectories(tmp.resolve("configs"));
        Files.copy(Subprocesses.root().resolve("data/iris.csv"), confDir.resolve("flowers.csv"));
    }

    /** An mlp config on {@code flowers.csv} beside it (a relative data.path), written to {@code confDir}. */
    private static Path config(String name, int population, String out) throws IOException {
        return Files.writeString(confDir.resolve(name), """
                seed = 4
                population = %d
                generations = 3
                data { path = "flowers.csv", label = species }
                model { name = mlp, hidden = [3], batch = 16 }
                fast { steps = 2 }
                hyper { lr { lo = 0.01, hi = 0.1, scale = log } }
                execution { partitions = 1, theta-every = 1, out = "%s" }
                """.formatted(population, out));
    }

    private static void assertOk(Result r) {
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    @Test
    void aMovedRunResumesReplaysAndExportsWithItsOwnDataSet() throws Exception {
        Path defaults = tmp.resolve("default-out");
        Path conf = config("move.conf", 8, defaults.toString());
        Path run = tmp.resolve("first-place").resolve("run");
        assertOk(cli("run", conf.toString(), "--out", run.toString(), "--until", "2"));

        JsonNode manifest = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        String ref = manifest.path("config").path("model.data").asText();
        assertThat(ref).startsWith(".data/flowers-").endsWith(".pdds");
        assertThat(run.resolve(ref)).isRegularFile();
        assertThat(manifest.path("config_text").asText()).contains(ref).doesNotContain(run.toString());
        assertThat(defaults).as("nothing in execution.out").doesNotExist();
        try (Stream<Path> files = Files.walk(run)) {
            assertThat(files.filter(f -> f.toString().endsWith(".pdds")).toList())
                    .containsExactly(run.resolve(ref));
        }

        Path moved = tmp.resolve("second-place").resolve("moved run");
        Files.createDirectories(moved.getParent());
        Files.move(run, moved);
        assertThat(run).doesNotExist();

        Result resumed = cli("resume", moved.toString(), "--until", "3");
        assertOk(resumed);
        assertThat(resumed.out()).contains("generation 3");
        assertOk(cli("replay", moved.toString()));
        try (Stream<Path> dirs = Files.list(moved)) {
            assertThat(dirs.map(d -> d.getFileName().toString())).anyMatch(n -> n.startsWith("replay-"));
        }

        // In this JVM Spark may hold a shipped copy of the file (SparkContext.addFile); a fresh JVM has only the
        // run directory: export from the moved run works, replay of a copy without .data/ is refused by name.
        Path model = tmp.resolve("exported");
        Child export = child("export", moved.toString(), "--out", model.toString());
        assertThat(export.code()).as(export.log()).isZero();
        assertThat(model).isDirectory();
        Path copy = tmp.resolve("copy-without-data");
        copyTree(moved, copy);
        deleteTree(copy.resolve(DataCache.FOLDER));
        Child blind = child("replay", copy.toString());
        assertThat(blind.code()).as(blind.log()).isEqualTo(2);
        assertThat(blind.log()).contains("error: model.data").contains(ref.substring(".data/".length()));
    }

    /** Exit code and output of a popdyn CLI run in a fresh JVM. */
    private record Child(int code, String log) {
    }

    private static Child child(String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "child-", ".log");
        int code = Subprocesses.waitFor(Subprocesses.popdyn(log, List.of(), args).start(), 240, log);
        return new Child(code, Files.readString(log));
    }

    @Test
    void aConfigRefusedAfterDataPreparationAndValidateWriteNothingAnywhere() throws Exception {
        Path defaults = tmp.resolve("never-out");
        Path bad = config("bad.conf", 0, defaults.toString());
        Path good = config("good.conf", 4, defaults.toString());
        for (List<String> args : List.of(List.of("run", bad.toString(), "--out", tmp.resolve("never").toString()),
                List.of("validate", good.toString()))) {
            Path work = Files.createDirectories(tmp.resolve("work-" + args.get(0)));
            Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp-" + args.get(0)));
            Path log = tmp.resolve(args.get(0) + ".log");
            ProcessBuilder pb = Subprocesses.popdyn(log, List.of("-Djava.io.tmpdir=" + jvmTmp),
                    args.toArray(new String[0])).directory(work.toFile());
            int code = Subprocesses.waitFor(pb.start(), 240, log);
            String out = Files.readString(log);
            if (args.get(0).equals("run")) {
                assertThat(code).as(out).isEqualTo(2);
                assertThat(out).contains("error: population: value 0 is out of range");
            } else {
                assertThat(code).as(out).isZero();
                assertThat(out).contains("model.data = .data/flowers-");
            }
            assertThat(listing(work)).as("working directory after " + args).isEmpty();
            assertThat(listing(jvmTmp)).as("temporary folder after " + args).isEmpty();
            assertThat(defaults).doesNotExist();
            assertThat(tmp.resolve("never")).doesNotExist();
            try (Stream<Path> files = Files.walk(confDir)) {
                assertThat(files.map(f -> confDir.relativize(f).toString()).toList())
                        .containsExactlyInAnyOrder("", "flowers.csv", "bad.conf", "good.conf");
            }
        }
    }

    @Test
    void aSweepsRunsShareOneDataSetInTheSweepDirectoryAndTheMovedSweepStillReplays() throws Exception {
        Path conf = Files.writeString(confDir.resolve("sweep.conf"), """
                base {
                  population = 4
                  generations = 2
                  data { path = "flowers.csv", label = species }
                  model { name = logistic, batch = 16 }
                  fast { steps = 2 }
                  hyper { l2 { lo = 0.00001, hi = 0.01, scale = log } }
                  execution { partitions = 1, theta-every = 1, out = "%s" }
                }
                grid { "fast.lr" = [0.1, 0.2] }
                seeds = [1]
                """.formatted(tmp.resolve("sweep-default-out")));
        Path sweep = tmp.resolve("sweep");
        assertOk(cli("sweep", conf.toString(), "--out", sweep.toString()));
        List<String> data;
        try (Stream<Path> files = Files.list(sweep.resolve(DataCache.FOLDER))) {
            data = files.map(f -> f.getFileName().toString()).toList();
        }
        assertThat(data).hasSize(1);
        List<Path> runs;
        try (Stream<Path> dirs = Files.list(sweep.resolve("runs"))) {
            runs = dirs.sorted().toList();
        }
        assertThat(runs).hasSize(2);
        for (Path run : runs) {
            JsonNode manifest = new ObjectMapper().readTree(run.resolve("run.json").toFile());
            assertThat(manifest.path("config").path("model.data").asText()).isEqualTo(".data/" + data.get(0));
            assertThat(run.resolve(DataCache.FOLDER)).doesNotExist();
        }
        assertThat(tmp.resolve("sweep-default-out")).doesNotExist();
        Path moved = tmp.resolve("sweeps").resolve("moved sweep");
        Files.createDirectories(moved.getParent());
        Files.move(sweep, moved);
        Path run = moved.resolve("runs").resolve(runs.get(0).getFileName());
        assertOk(cli("replay", run.toString()));
    }

    @Test
    void onHdfsASweepsRunsShareOneCopyWrittenThroughTheFileSystemAndReadBackLocally() throws Exception {
        Path conf = Files.writeString(confDir.resolve("hdfs.conf"), """
                seed = 4
                population = 4
                generations = 1
                data { path = "flowers.csv", label = species, validation-fraction = 0.3 }
                model { name = logistic, batch = 16 }
                """);
        Config c = ConfigLoader.load(conf, List.of());
        try (MiniHdfs hdfs = MiniHdfs.start(tmp.resolve("hdfs"))) {
            StoragePath sweep = StoragePath.of("--out", hdfs.uri() + "/sweep");
            DataCache.Staged stage = DataCache.stage(SparkTestSession.get(), c);
            String name = stage.file().getFileName().toString();
            assertThat(stage.reference()).isEqualTo(".data/" + name);
            byte[] prepared = Files.readAllBytes(stage.file());
            ExperimentParams p = ExperimentParams.fromConfig(stage.apply(c));
            sweep.resolve("sweep.json").writeString("{}");
            DataCache.install(p, sweep);
            assertThat(stage.file()).as("the stage is dropped once installed").doesNotExist();
            DataCache.install(p, sweep.resolve("runs").resolve("a"));
            DataCache.install(p, sweep.resolve("runs").resolve("b"));
            assertThat(sweep.resolve(DataCache.FOLDER).children()).extracting(StoragePath::name)
                    .containsExactly(name);
            assertThat(sweep.resolve(DataCache.FOLDER).resolve(name).readBytes()).isEqualTo(prepared);
            assertThat(sweep.resolve("runs").exists()).as("nothing inside the runs' own folders").isFalse();
            Path local = new DataCache.Locator().locate(name);
            assertThat(local).isNotNull().isRegularFile();
            assertThat(local.toString()).doesNotStartWith(stage.file().getParent().toString());
            assertThat(Files.readAllBytes(local)).isEqualTo(prepared);
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
