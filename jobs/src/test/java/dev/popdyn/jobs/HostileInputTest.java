package dev.popdyn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input catalogue of docs/errors.md, through the command line as a user meets it (cases already in
 * {@link CliTest} are not repeated): every case gives one {@code error:} line naming the key or file, exit code 2,
 * and writes or overwrites nothing. Damaged run directories are copies of one small committed run.
 */
class HostileInputTest {
    @TempDir
    static Path tmp;
    static Path conf;
    static Path run;
    private static final String CONNECT_RETRIES = "ipc.client.connect.max.retries";

    @BeforeAll
    static void smallRun() throws Exception {
        SparkTestSession.get();
        conf = tmp.resolve("small.conf");
        Files.writeString(conf, """
                seed = 5
                population = 60
                generations = 3
                model { name = quadratic, dim = 2 }
                fast { steps = 3, lr = 0.05, temperature = 0.1 }
                hyper { reg { lo = 0, hi = 3 } }
                execution { partitions = 2, checkpoint-every = 2 }
                """);
        run = tmp.resolve("run");
        CliRun.Result r = CliRun.cli("run", conf.toString(), "--out", run.toString(), "--until", "2");
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** One error line naming {@code mentions}, exit code 2. */
    private static void assertRejected(CliRun.Result r, String... mentions) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ");
        for (String m : mentions) {
            assertThat(r.err()).contains(m);
        }
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    /** {@code run} with the overrides is refused naming {@code mentions}, and its --out is never created. */
    private static void runRejected(String name, List<String> sets, String... mentions) {
        Path out = tmp.resolve("never-" + name);
        String[] args = Stream.concat(Stream.of("run", conf.toString(), "--out", out.toString()),
                sets.stream().flatMap(s -> Stream.of("--set", s))).toArray(String[]::new);
        assertRejected(CliRun.cli(args), mentions);
        assertThat(out).doesNotExist();
    }

    /** Relative path → size and modification time of every file under {@code dir}. */
    static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(dir.relativize(p).toString(), Files.isRegularFile(p)
                        ? Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis() : "dir");
            }
        }
        return m;
    }

    /** A fresh copy of the committed run. */
    static Path copyOfRun(String name) throws IOException {
        Path dst = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = dst.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return dst;
    }

    static Path firstPart(Path dir, String table, int g) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(table).resolve("generation=" + g))) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().findFirst().orElseThrow();
        }
    }

    /** {@code query} and {@code resume} of a damaged copy are refused naming {@code mentions}; nothing changes. */
    private static void damagedRunRejected(Path dir, String... mentions) throws IOException {
        Map<String, String> before = tree(dir);
        assertRejected(CliRun.cli("query", dir.toString(), "select count(*) from agents"), mentions);
        assertRejected(CliRun.cli("resume", dir.toString()), mentions);
        assertThat(tree(dir)).isEqualTo(before);
    }

    @Test
    void reversedBoundsOnALogScale() {
        runRejected("reversed", List.of("hyper.reg.scale=log", "hyper.reg.lo=2", "hyper.reg.hi=0.5"),
                "hyper.reg", "reversed");
    }

    @Test
    void populationNotAPositiveInteger() {
        runRejected("n0", List.of("population=0"), "population: value 0 is out of range");
        runRejected("nneg", List.of("population=-3"), "population: value -3 is out of range");
        runRejected("nfrac", List.of("population=2.5"), "population: value 2.5 is not an integer");
        runRejected("nabc", List.of("population=abc"), "population: 'abc' is not a number");
        runRejected("nhuge", List.of("population=1000000000000"), "population: value 1000000000000 is out of range");
    }

    @Test
    void zeroGenerations() {
        runRejected("g0", List.of("generations=0"), "generations: value 0 is out of range");
    }

    @Test
    void selectionFractionZeroOrAboveHalf() {
        runRejected("f0", List.of("selection.fraction=0"), "selection.fraction: value 0 is out of range");
        runRejected("f51", List.of("selection.fraction=0.51"), "selection.fraction", "(0, 0.5]");
    }

    @Test
    void notANumberOrInfinite() {
        runRejected("lrnan", List.of("fast.lr=NaN"), "fast.lr: value NaN is not finite");
        runRejected("lrinf", List.of("fast.lr=\"Infinity\""), "fast.lr: value Infinity is not finite");
        runRejected("lrover", List.of("fast.lr=1e400"), "fast.lr", "not finite");
        runRejected("hinan", List.of("hyper.reg.hi=NaN"), "hyper.reg.hi: value NaN is not finite");
    }

    @Test
    void unknownNames() {
        runRejected("model", List.of("model.name=nosuch"), "model.name: unknown value 'nosuch'", "quadratic");
        runRejected("rule", List.of("selection.rule=nosuch"), "selection.rule: unknown value 'nosuch'");
        runRejected("bound", List.of("mutation.boundary=nosuch"), "mutation.boundary: unknown value 'nosuch'");
        runRejected("mode", List.of("mutation.mode=nosuch"), "mutation.mode: unknown value 'nosuch'");
        runRejected("kernel", List.of("mutation.kernel=cauchy"), "mutation.kernel: unknown key");
        runRejected("est", List.of("fitness.estimator=nosuch"), "fitness.estimator: unknown value 'nosuch'");
        runRejected("key", List.of("populaton=100"), "populaton: unknown key");
    }

    @Test
    void negativeTemperature() {
        runRejected("tneg", List.of("fast.temperature=-1"), "fast.temperature: value -1 is out of range");
        runRejected("htneg", List.of("hyper.temperature.lo=-1", "hyper.temperature.hi=1"),
                "hyper.temperature.lo: value -1");
    }

    @Test
    void logScaleBoundNotPositive() {
        runRejected("log0", List.of("hyper.reg.scale=log"), "hyper.reg.lo: value 0 is not positive on a log scale");
        runRejected("logneg", List.of("hyper.reg.scale=log", "hyper.reg.lo=-1"), "hyper.reg.lo: value -1");
    }

    @Test
    void malformedOverridesAndOptions() {
        runRejected("noeq", List.of("population"), "--set population: expected key=value");
        runRejected("nokey", List.of("=3"), "--set =3: expected key=value");
        runRejected("brace", List.of("population={"), "population: cannot parse override");
        Path out = tmp.resolve("never-parts");
        assertRejected(CliRun.cli("run", conf.toString(), "--out", out.toString(), "--partitions", "-1"),
                "--partitions: value -1 is out of range");
        assertRejected(CliRun.cli("run", conf.toString(), "--out", out.toString(), "--partitions", "x"),
                "--partitions");
        assertThat(out).doesNotExist();
    }

    @Test
    void unreadableConfig() throws Exception {
        Path dirAsConf = tmp.resolve("conf-dir.conf");
        Files.createDirectories(dirAsConf);
        runRejectedFor(dirAsConf, "conf-dir.conf: config file is not a readable file");
        Path locked = tmp.resolve("locked.conf");
        Files.copy(conf, locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(locked), "running as root: chmod 000 does not block reading, so the "
                    + "unreadable-file case cannot be produced here (the directory case above still ran)");
            runRejectedFor(locked, "locked.conf: config file is not a readable file");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void runRejectedFor(Path config, String mentions) {
        Path out = tmp.resolve("never-" + config.getFileName());
        assertRejected(CliRun.cli("run", config.toString(), "--out", out.toString()), mentions);
        assertThat(out).doesNotExist();
    }

    @Test
    void hoconSyntaxErrorNamesFileAndLine() throws Exception {
        Path broken = tmp.resolve("broken.conf");
        Files.writeString(broken, "seed = 1\npopulation = 10\nfast { steps = 5 \nhyper { reg { lo = 0 }\n");
        runRejectedFor(broken, "broken.conf: HOCON syntax error: 5:");
    }

    @Test
    void outputPathIsAFile() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "mine");
        assertRejected(CliRun.cli("run", conf.toString(), "--out", file.toString()), "a-file",
                "exists and is not a directory");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    void resumeOfSomethingThatIsNotARun() throws Exception {
        Path d = tmp.resolve("notes");
        Files.createDirectories(d);
        Files.writeString(d.resolve("notes.txt"), "mine");
        Map<String, String> before = tree(d);
        assertRejected(CliRun.cli("resume", d.toString()), "notes", "not a run directory");
        assertRejected(CliRun.cli("resume", d.resolve("notes.txt").toString()), "not a run directory");
        assertThat(tree(d)).isEqualTo(before);
    }

    @Test
    void runJsonHoldingGarbage() throws Exception {
        Path dir = copyOfRun("garbage-json");
        Files.writeString(dir.resolve("run.json"), "{ \"schema_version\": 1, oops");
        Map<String, String> before = tree(dir);
        assertRejected(CliRun.cli("resume", dir.toString()), "run.json");
        assertRejected(CliRun.cli("run", conf.toString(), "--out", dir.toString()), "run.json");
        assertThat(tree(dir)).isEqualTo(before);
        Files.writeString(dir.resolve("run.json"), "[1, 2, 3]");
        assertRejected(CliRun.cli("query", dir.toString(), "select 1"), "run.json", "no JSON object");
    }

    @Test
    void runWrittenByAFutureSchemaVersion() throws Exception {
        Path dir = copyOfRun("future");
        ObjectMapper json = new ObjectMapper();
        ObjectNode j = (ObjectNode) json.readTree(dir.resolve("run.json").toFile());
        j.put("schema_version", 99);
        json.writeValue(dir.resolve("run.json").toFile(), j);
        Map<String, String> before = tree(dir);
        assertRejected(CliRun.cli("resume", dir.toString()), "schema_version 99", "upgrade popdyn");
        assertRejected(CliRun.cli("query", dir.toString(), "select 1"), "schema_version 99", "upgrade popdyn");
        assertThat(tree(dir)).isEqualTo(before);
    }

    @Test
    void runJsonEditedByHand() throws Exception {
        Path dir = copyOfRun("edited");
        String text = Files.readString(dir.resolve("run.json"));
        assertThat(text).contains("population=60");
        Files.writeString(dir.resolve("run.json"), text.replace("population=60", "population=61"));
        Map<String, String> before = tree(dir);
        assertRejected(CliRun.cli("resume", dir.toString()), "config_sha256", "edited");
        assertThat(tree(dir)).isEqualTo(before);
    }

    @Test
    void resumeWithAChangedConfigNamesTheKeys() throws Exception {
        Path dir = copyOfRun("changed");
        Map<String, String> before = tree(dir);
        assertRejected(CliRun.cli("resume", dir.toString(), "--config", conf.toString(), "--set", "seed=6",
                "--set", "fast.steps=4"), "config changed since the run started", "seed", "fast.steps");
        assertThat(tree(dir)).isEqualTo(before);
    }

    @Test
    void committedMarkerButParquetFileMissing() throws Exception {
        Path dir = copyOfRun("missing");
        Path part = firstPart(dir, "agents", 2);
        Files.delete(part);
        damagedRunRejected(dir, "generation 2 is corrupt", "agents/generation=2/" + part.getFileName(),
                "is missing");
    }

    @Test
    void committedMarkerButParquetFileTruncated() throws Exception {
        Path dir = copyOfRun("truncated");
        Path part = firstPart(dir, "lineage", 1);
        long size = Files.size(part);
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.setLength(size / 2);
        }
        damagedRunRejected(dir, "generation 1 is corrupt", "lineage/generation=1/" + part.getFileName(),
                "size mismatch: " + size / 2 + " bytes (expected " + size + ")");
    }

    @Test
    void committedMarkerButParquetContentAltered() throws Exception {
        Path dir = copyOfRun("altered");
        Path part = firstPart(dir, "summary", 2);
        byte[] b = Files.readAllBytes(part);
        b[b.length / 2] ^= 0x01;
        Files.write(part, b);
        Map<String, String> before = tree(dir);
        assertRejected(CliRun.cli("verify", dir.toString()), "generation 2 is corrupt",
                "summary/generation=2/" + part.getFileName(), "checksum mismatch");
        assertThat(tree(dir)).isEqualTo(before);
    }

    @Test
    void verifyAcceptsAnIntactRun() throws Exception {
        Path dir = copyOfRun("intact");
        CliRun.Result r = CliRun.cli("verify", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("intact: " + dir, "2 committed generations");
    }

    @Test
    void stateCheckpointAlteredInPlaceRefusesResume() throws Exception {
        Path dir = copyOfRun("state-flip");
        Path part = firstPart(dir, "state", 2);
        byte[] b = Files.readAllBytes(part);
        b[b.length / 2] ^= 0x01;
        Files.write(part, b);
        Map<String, String> before = tree(dir);
        assertRejected(CliRun.cli("resume", dir.toString()), "generation 2 is corrupt",
                "state/generation=2/" + part.getFileName(), "checksum mismatch", "resume refuses");
        assertThat(tree(dir)).isEqualTo(before);
    }

    /**
     * A Parquet file its marker does not list is no part of the run (readers read only listed files): the query
     * counts are those of the intact run, and resume deletes the file.
     */
    @Test
    void strayFileInACommittedGenerationIsNotReadAndResumeDeletesIt() throws Exception {
        Path dir = copyOfRun("stray");
        Path stray = dir.resolve("agents/generation=1/part-99999-stray.parquet");
        Files.copy(firstPart(dir, "agents", 1), stray);
        String sql = "select generation, count(*) as n from agents group by generation order by generation";
        CliRun.Result q = CliRun.cli("query", dir.toString(), sql, "--csv");
        assertThat(q.code()).as(q.err()).isZero();
        assertThat(q.out()).isEqualTo(CliRun.cli("query", run.toString(), sql, "--csv").out());
        CliRun.Result r = CliRun.cli("resume", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(stray).doesNotExist();
    }

    @Test
    void corruptStateCheckpointRefusesResume() throws Exception {
        Path dir = copyOfRun("state");
        Path part = firstPart(dir, "state", 2);
        Files.write(part, new byte[]{1, 2, 3});
        Map<String, String> before = tree(dir);
        assertRejected(CliRun.cli("resume", dir.toString()), "generation 2 is corrupt",
                "state/generation=2/" + part.getFileName(), "resume refuses");
        assertThat(tree(dir)).isEqualTo(before);
        CliRun.Result q = CliRun.cli("query", dir.toString(), "select count(*) as n from agents");
        assertThat(q.code()).as(q.err()).isZero();
    }

    @Test
    void outWithAnUnknownSchemeIsRefusedAndNothingIsWritten() {
        assertRejected(CliRun.cli("run", conf.toString(), "--out", "foo://x/popdyn"), "--out: foo://x/popdyn",
                "no file system for scheme 'foo'");
        assertRejected(CliRun.cli("query", "foo://x/popdyn", "select 1"), "DIR: foo://x/popdyn", "scheme 'foo'");
        assertThat(Path.of("foo:")).doesNotExist();
    }

    @Test
    void unreachableNamenodeIsRefusedWithinBoundedTimeAndNothingIsWritten() {
        org.apache.hadoop.conf.Configuration hc = SparkTestSession.get().sparkContext().hadoopConfiguration();
        String retries = hc.get("ipc.client.connect.max.retries");
        hc.setInt("ipc.client.connect.max.retries", 1);
        try {
            long t0 = System.nanoTime();
            assertRejected(CliRun.cli("run", conf.toString(), "--out", "hdfs://127.0.0.1:1/popdyn/x"),
                    "--out: hdfs://127.0.0.1:1/popdyn/x", "cannot reach the file system");
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to give up").isLessThan(30);
        } finally {
            hc.set("ipc.client.connect.max.retries", retries);
        }
        assertThat(Path.of("hdfs:")).doesNotExist();
    }

    /**
     * {@code query}, {@code report}, {@code resume} and {@code verify} of a directory on a namenode that does not
     * answer (a closed port on 127.0.0.1) or on a scheme without a file system: one error line naming the argument,
     * exit 2, each unreachable call given up within 30 s (connect retries lowered to 1, as in the {@code run} case),
     * nothing created in the working directory.
     */
    @Test
    void readersAndResumeOfAnUnreachableOrUnknownFileSystemAreRefused() throws Exception {
        Set<String> before = workingDirectory();
        String uri = "hdfs://127.0.0.1:" + closedPort() + "/popdyn/x";
        withConnectRetries("1", () -> {
            for (List<String> args : List.of(List.of("query", "DIR", "select 1"), List.of("report", "DIR"),
                    List.of("resume", "RUN_DIR"), List.of("verify", "RUN_DIR"))) {
                long t0 = System.nanoTime();
                assertRejected(CliRun.cli(cliArgs(args, uri)), args.get(1) + ": " + uri,
                        "cannot reach the file system");
                assertThat((System.nanoTime() - t0) / 1e9).as(args.get(0) + ": seconds to give up").isLessThan(30);
                assertRejected(CliRun.cli(cliArgs(args, "foo://x/popdyn")), args.get(1) + ": foo://x/popdyn",
                        "no file system for scheme 'foo'");
            }
        });
        assertThat(workingDirectory()).isEqualTo(before);
    }

    /**
     * With Hadoop's default client retries ({@value #CONNECT_RETRIES} = 10, one second apart), in a fresh CLI JVM as a
     * user starts it: {@code run} on a closed namenode port ends within 30 s (JVM start included) with exit code 2
     * and one error line naming {@code --out}, and writes nothing.
     */
    @Test
    void unreachableNamenodeWithDefaultRetriesIsRefusedWithin30Seconds() throws Exception {
        Set<String> before = workingDirectory();
        String uri = "hdfs://127.0.0.1:" + closedPort() + "/popdyn/x";
        Path log = tmp.resolve("unreachable.log");
        long t0 = System.nanoTime();
        Process p = Subprocesses.popdyn(log, List.of(), "run", conf.toString(), "--out", uri).start();
        int code = Subprocesses.waitFor(p, 120, log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("unreachable namenode, default retries: a fresh CLI JVM refused after %.1f s%n", seconds);
        List<String> errors = Files.readAllLines(log).stream().filter(l -> l.startsWith("error: ")).toList();
        assertThat(code).as(Files.readString(log)).isEqualTo(2);
        assertThat(errors).as(Files.readString(log)).hasSize(1);
        assertThat(errors.get(0)).contains("--out: " + uri, "cannot reach the file system");
        assertThat(seconds).as("seconds to give up").isLessThan(30);
        assertThat(workingDirectory()).isEqualTo(before);
    }

    /** {@code args}: command, argument name, rest; the CLI arguments with {@code dir} as the directory. */
    private static String[] cliArgs(List<String> args, String dir) {
        List<String> out = new java.util.ArrayList<>(List.of(args.get(0), dir));
        out.addAll(args.subList(2, args.size()));
        return out.toArray(new String[0]);
    }

    /** A test body that may throw. */
    private interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} with the session's {@value #CONNECT_RETRIES} set to {@code retries}, then puts the previous
     * value back (unset if there was none).
     */
    private static void withConnectRetries(String retries, Body body) throws Exception {
        org.apache.hadoop.conf.Configuration hc = SparkTestSession.get().sparkContext().hadoopConfiguration();
        String before = hc.get(CONNECT_RETRIES);
        set(hc, retries);
        try {
            body.run();
        } finally {
            set(hc, before);
        }
    }

    private static void set(org.apache.hadoop.conf.Configuration hc, String value) {
        if (value == null) {
            hc.unset(CONNECT_RETRIES);
        } else {
            hc.set(CONNECT_RETRIES, value);
        }
    }

    /** A port on 127.0.0.1 that nothing listens on: one the OS just handed out, released again. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The names in the working directory, where a path mistaken for a local one would appear. */
    private static Set<String> workingDirectory() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("").toAbsolutePath())) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void garbageCommitMarker() throws Exception {
        Path dir = copyOfRun("marker");
        Files.writeString(dir.resolve("_committed/2"), "{ not json");
        damagedRunRejected(dir, "generation 2 is corrupt", "_committed/2 marker is unreadable");
    }
}
