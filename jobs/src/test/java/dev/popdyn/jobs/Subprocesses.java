package dev.popdyn.jobs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Helpers for the tests that run popdyn, spark-submit and {@code bin/cluster} as separate processes (tag
 * {@code cluster}): the repository root, the JVM command for the popdyn CLI on the test classpath, polling, and the
 * bit-for-bit comparison of two run directories' tables. Stateless and thread-safe.
 */
final class Subprocesses {
    private Subprocesses() {
    }

    /** The repository root (surefire runs in the jobs module). */
    static Path root() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.exists(here.resolve("bin/cluster")) ? here : here.getParent();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The module-opening flags this JVM was started with (surefire's argLine), for a child JVM running Spark. */
    static List<String> jvmFlags() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("-XX:+Ignore")
                    || a.startsWith("-Dio.netty") || a.startsWith("-Djdk.reflect")) {
                out.add(a);
            }
        }
        return out;
    }

    /** The test classpath (resolving surefire's manifest-only booter jar if that is what this JVM runs). */
    static String testClasspath() {
        String cp = System.getProperty("java.class.path");
        String[] parts = cp.split(File.pathSeparator);
        if (parts.length == 1 && parts[0].contains("surefire")) {
            try (JarFile jar = new JarFile(parts[0])) {
                String manifest = jar.getManifest().getMainAttributes().getValue("Class-Path");
                return String.join(File.pathSeparator, Arrays.stream(manifest.trim().split("\\s+"))
                        .map(u -> Path.of(URI.create(u)).toString()).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cp;
    }

    /** A JVM running the popdyn CLI in local mode on the test classpath, output to {@code log}. */
    static ProcessBuilder popdyn(Path log, List<String> sysProps, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-Xmx1g");
        cmd.addAll(jvmFlags());
        cmd.add("-Dlog4j2.configurationFile=" + root().resolve("conf/log4j2.properties"));
        cmd.add("-Dspark.ui.enabled=false");
        cmd.addAll(sysProps);
        cmd.add("-cp");
        cmd.add(testClasspath());
        cmd.add("dev.popdyn.jobs.Main");
        cmd.addAll(List.of(args));
        return logged(new ProcessBuilder(cmd), log);
    }

    static ProcessBuilder logged(ProcessBuilder pb, Path log) {
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb;
    }

    /** Polls {@code condition} every {@code everyMs} until it holds (true) or {@code seconds} pass (false). */
    static boolean await(BooleanSupplier condition, int everyMs, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(everyMs);
        }
        return condition.getAsBoolean();
    }

    /** Waits for a process to end; kills it (and fails) after {@code seconds}. */
    static int waitFor(Process p, int seconds, Path log) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("process did not finish in " + seconds + " s; log " + log + ":\n" + tail(log));
        }
        return p.exitValue();
    }

    /** The last 40 lines of a log, for failure messages. */
    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Lines of {@code log} containing every one of {@code parts}. */
    static long countLines(Path log, String... parts) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> Arrays.stream(parts).allMatch(l::contains)).count();
    }

    /** All rows of a table of a run directory, in (generation, agent_id) order; summary without timings. */
    static List<Row> table(SparkSession spark, Path run, String table) {
        return table(spark, run.toString(), table);
    }

    /** As {@link #table(SparkSession, Path, String)} for a run directory given as a path or URI (hdfs://…). */
    static List<Row> table(SparkSession spark, String run, String table) {
        var df = spark.read().parquet(run + "/" + table);
        if (table.equals("summary")) {
            return df.drop("ms_fast", "ms_slow", "ms_write").orderBy("generation").collectAsList();
        }
        return df.orderBy("generation", "agent_id").collectAsList();
    }
}
