package dev.popdyn.jobs.data;

import com.typesafe.config.Config;
import dev.popdyn.core.data.DataLocator;
import dev.popdyn.core.data.DataSet;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.snapshot.StoragePath;
import dev.popdyn.jobs.sweep.Sweep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Where a run's prepared data set ({@code .pdds}) lives and how {@code model.data} names it. The file is kept inside
 * the run directory, {@code RUN/.data/NAME.pdds}, or for a sweep's run ({@code DIR/runs/KEY/} beside
 * {@code DIR/sweep.json}) in the sweep's {@code DIR/.data/}, shared by its runs; it is written through the
 * directory's own file system ({@link StoragePath}: local disk, {@code hdfs://}, …). {@code model.data} is
 * {@value #FOLDER}{@code /NAME.pdds} in both cases, relative to the run directory (for a sweep's run: to the run
 * directory, else to its sweep directory), so a run or sweep directory can be moved or copied whole, and a config
 * hashes alike through {@code popdyn run} and through a sweep. {@code NAME} ends in the first 12 hex digits of the
 * content's SHA-256 ({@link DataPrep#prepare}), so one name is one content.
 *
 * <p>Life of a data set: {@link #stage} prepares it into a private temporary folder (nothing is written near the run
 * before the whole config has validated); {@link #install}, called when a new run or sweep directory is filled,
 * copies it there; {@link #attach}, called whenever a run's {@code run.json} is read, makes the run's folders known.
 * The core resolves a relative {@code model.data} by file name through the {@link DataLocator} services
 * ({@link DataSet#resolve}); {@link Locator} is the one that searches the folders made known here (a file on a
 * remote file system is copied once per JVM into a local temporary folder). An absolute {@code model.data} (runs
 * written before this layout) is used as written, else also found by name in a known folder. Thread-safe.
 */
public final class DataCache {
    /** Folder of the prepared data sets inside a run or sweep directory. */
    public static final String FOLDER = ".data";
    /** The config key naming a run's prepared data set. */
    public static final String MODEL_DATA = "model.data";
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private static final Set<StoragePath> FOLDERS = ConcurrentHashMap.newKeySet();
    private static final Set<Path> STAGES = ConcurrentHashMap.newKeySet();
    private static volatile Path localCopies;

    private DataCache() {
    }

    /**
     * A data set prepared into its own temporary folder (known to the locator while open) and the {@code model.data}
     * a run gets for it. {@link #close} forgets and deletes the folder.
     */
    public record Staged(Path file, String reference) implements AutoCloseable {
        /** {@code config} with {@code model.data} set to {@link #reference}. */
        public Config apply(Config config) {
            return DataPrep.withDataReference(config, reference);
        }

        @Override
        public void close() {
            drop(file.getParent());
        }
    }

    /**
     * Prepares {@code config}'s data section into a new temporary folder, referenced as {@value #FOLDER}
     * {@code /NAME}. The folder is deleted on {@link Staged#close}, once the data set is installed, or at the latest
     * when the JVM exits; if preparing fails it is deleted at once.
     */
    public static Staged stage(SparkSession spark, Config config) {
        Path dir;
        try {
            dir = Files.createTempDirectory("popdyn-data-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the data set", e);
        }
        Path file;
        try {
            file = DataPrep.prepare(spark, config, dir);
        } catch (RuntimeException | Error e) {
            deleteLocalFolder(dir);
            throw e;
        }
        dir.toFile().deleteOnExit();
        file.toFile().deleteOnExit();
        FOLDERS.add(StoragePath.local(dir));
        STAGES.add(dir);
        return new Staged(file, FOLDER + "/" + file.getFileName());
    }

    /** The {@code model.data} of {@code config}, or null when it has none. */
    public static String reference(Config config) {
        return config.hasPath(MODEL_DATA) ? config.getString(MODEL_DATA) : null;
    }

    /** Whether {@code reference} is relative to the run directory (not an absolute path, no URI scheme). */
    public static boolean isRelative(String reference) {
        return reference != null && !Path.of(reference).isAbsolute() && !SCHEME.matcher(reference).find();
    }

    /**
     * Copies the data set that {@code p}'s relative {@code model.data} names into {@code dir}, a new run's directory
     * or a sweep directory (atomically, through its file system), unless it is already in one of the folders a run
     * there reads ({@link #attach}: for a sweep's run, its sweep's); nothing for a config without one or with an
     * absolute one. The staged copies of that file are then deleted: from here on the directory's copy is the one
     * every reader uses.
     */
    public static synchronized void install(ExperimentParams p, StoragePath dir) {
        String ref = reference(p.config());
        if (!isRelative(ref)) {
            return;
        }
        List<StoragePath> folders = folders(dir, ref);
        String name = dir.resolve(ref).name();
        if (folders.stream().noneMatch(f -> f.resolve(name).isFile())) {
            StoragePath target = dir.resolve(ref);
            target.parent().mkdirs();
            target.copyFromLocal(DataSet.resolve(ref));
        }
        FOLDERS.addAll(folders);
        for (Path stage : STAGES) {
            if (Files.isRegularFile(stage.resolve(name))) {
                drop(stage);
            }
        }
    }

    /**
     * The folders where the run in {@code runDir} finds its relative {@code model.data}: the reference's folder
     * resolved against the run directory and, for a sweep's run, against its sweep directory.
     */
    private static List<StoragePath> folders(StoragePath runDir, String ref) {
        List<StoragePath> out = new ArrayList<>();
        out.add(runDir.resolve(ref).parent());
        StoragePath runs = runDir.parent();
        if (runs.name().equals(Sweep.RUNS) && runs.parent().resolve(Sweep.SWEEP_JSON).isFile()) {
            out.add(runs.parent().resolve(ref).parent());
        }
        return out;
    }

    /** Forgets and deletes the stage folder {@code dir}. */
    private static void drop(Path dir) {
        FOLDERS.remove(StoragePath.local(dir));
        STAGES.remove(dir);
        deleteLocalFolder(dir);
    }

    /**
     * Makes the data set of the run in {@code runDir} findable when {@code reference} (its {@code model.data}; may
     * be null) is relative: its folders ({@link #install}) are searched by {@link Locator}.
     */
    public static void attach(StoragePath runDir, String reference) {
        if (isRelative(reference)) {
            FOLDERS.addAll(folders(runDir, reference));
        }
    }

    /**
     * The local copy of {@code fileName} in a known folder, or null: local folders first, then remote ones; a remote
     * folder that cannot be read (its file system is gone) is forgotten and skipped.
     */
    static Path locate(String fileName) {
        for (StoragePath folder : FOLDERS) {
            if (isLocal(folder)) {
                Path p = folder.resolve(fileName).localPath("data sets");
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        for (StoragePath folder : FOLDERS) {
            if (!isLocal(folder)) {
                try {
                    StoragePath f = folder.resolve(fileName);
                    if (f.isFile()) {
                        return localCopy(f, fileName);
                    }
                } catch (RuntimeException e) {
                    FOLDERS.remove(folder);
                }
            }
        }
        return null;
    }

    private static boolean isLocal(StoragePath folder) {
        return "file".equals(folder.scheme());
    }

    /** {@code remote} copied (once per JVM) into a local temporary folder deleted when the JVM exits. */
    private static synchronized Path localCopy(StoragePath remote, String fileName) {
        try {
            if (localCopies == null) {
                Path dir = Files.createTempDirectory("popdyn-data-copies-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteLocalFolder(dir), "popdyn-data-copies"));
                localCopies = dir;
            }
            Path target = localCopies.resolve(fileName);
            if (!Files.isRegularFile(target)) {
                Path part = localCopies.resolve(fileName + ".part");
                try (InputStream in = remote.open()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the data set " + remote + " to a local folder", e);
        }
    }

    private static void deleteLocalFolder(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }

    /**
     * The {@link DataLocator} service over the folders made known by {@link #stage}, {@link #install} and
     * {@link #attach} (registered in {@code META-INF/services}); finds nothing in a JVM that knows none, such as a
     * cluster executor (where {@link SparkFilesLocator} finds the shipped copy).
     */
    public static final class Locator implements DataLocator {
        @Override
        public Path locate(String fileName) {
            return DataCache.locate(fileName);
        }
    }
}
