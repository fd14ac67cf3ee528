package dev.popdyn.jobs.snapshot;

import dev.popdyn.jobs.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A file or folder of a run or sweep directory on any Hadoop file system (docs/design.md §4, docs/cluster.md): the
 * one class through which popdyn reads and writes run-directory metadata (run.json, markers, locks, the runs table's
 * rename, schedules, reports, exported models). A location is a URI ({@code hdfs://nn:8020/runs/x},
 * {@code s3a://bucket/x}, {@code abfs://…}, {@code file:///tmp/x}) or a plain path, which is qualified against the
 * default file system ({@code fs.defaultFS}, local unless configured) and its working directory — the rule Spark
 * applies to its own paths. The Hadoop configuration is the active Spark session's (so {@code spark.hadoop.*}
 * settings apply) or, before a session exists, Hadoop's defaults plus the {@code *-site.xml} files on the classpath.
 *
 * <p>Commit primitives per file system: {@link #writeAtomically} writes a hidden sibling and renames it over the
 * target where rename is atomic (HDFS, local, ABFS, viewfs), and writes the object in one PUT on object stores
 * without atomic rename (S3A, GCS), where a reader sees the old object or the new one. {@link #createExclusive} is
 * {@code FileSystem.create(path, overwrite = false)}, atomic on HDFS (the NameNode serialises creates); on the local
 * file system it is the operating system's {@code O_EXCL} create, because Hadoop's local create checks and then
 * creates. The local file system is used without Hadoop's {@code .crc} side files.
 *
 * <p>Immutable and thread-safe (Hadoop's {@link FileSystem} instances are shared and thread-safe).
 */
public final class StoragePath {
    /** Schemes whose rename of a file is atomic, so that write-then-rename commits. */
    private static final Set<String> ATOMIC_RENAME = Set.of("file", "hdfs", "viewfs", "abfs", "abfss", "wasb",
            "wasbs", "o3fs", "ofs");
    /** Built by {@link #conf()} when no Spark session is active. */
    private static volatile DefaultConf defaultConf;

    private final Path path;

    private StoragePath(Path qualified) {
        this.path = qualified;
    }

    /**
     * The location {@code text} given for {@code option} (a command-line option or config key, named in errors).
     * Throws a {@link UserError} {@code option: text: …} when the scheme has no file system on the classpath or the
     * file system cannot be reached (a namenode that does not answer: Hadoop's client retry settings bound the wait).
     * Nothing is written.
     */
    public static StoragePath of(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new UserError(option + ": empty path (a directory path or URI such as hdfs://host:port/dir)");
        }
        Path p;
        try {
            p = new Path(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + text + ": not a path or URI (" + e.getMessage() + ")");
        }
        Configuration conf = conf();
        FileSystem fs;
        try {
            fs = p.getFileSystem(conf);
        } catch (IOException e) {
            String scheme = p.toUri().getScheme();
            throw new UserError(option + ": " + text + ": no file system for scheme '" + scheme + "' (schemes with a "
                    + "file system on the classpath, e.g. hdfs, file" + (scheme == null ? "" : "; s3a needs hadoop-aws, "
                    + "abfs hadoop-azure") + "): " + firstLine(e));
        }
        StoragePath sp = new StoragePath(fs.makeQualified(p));
        try {
            fs.exists(sp.path);
        } catch (IOException | RuntimeException e) {
            throw new UserError(option + ": " + text + ": cannot reach the file system (" + firstLine(e) + ")");
        }
        return sp;
    }

    /** A folder or file of the local file system (test fixtures, local inputs). */
    public static StoragePath local(java.nio.file.Path p) {
        return new StoragePath(new Path("file", null, p.toAbsolutePath().normalize().toString()));
    }

    /**
     * This location as a local path, for the parts of popdyn that still need one ({@code what}, named in the error):
     * a {@link UserError} when it is on another file system.
     */
    public java.nio.file.Path localPath(String what) {
        if (!isLocal()) {
            throw new UserError(this + ": " + what + " need a local directory (not yet supported on " + scheme()
                    + "://)");
        }
        return java.nio.file.Path.of(path.toUri());
    }

    /** The child {@code name} (a relative path) of this folder. */
    public StoragePath resolve(String name) {
        return new StoragePath(new Path(path, name));
    }

    /** The folder holding this location (itself for a root). */
    public StoragePath parent() {
        Path p = path.getParent();
        return p == null ? this : new StoragePath(p);
    }

    /** The sibling {@code name} of this location. */
    public StoragePath resolveSibling(String name) {
        return parent().resolve(name);
    }

    /** The last name of the path. */
    public String name() {
        return path.getName();
    }

    /** The qualified location as Spark's readers and writers take it ({@code hdfs://nn:8020/x}, {@code file:/x}). */
    public String uri() {
        return path.toString();
    }

    /** The URI scheme ({@code file}, {@code hdfs}, {@code s3a}, …). */
    public String scheme() {
        return path.toUri().getScheme();
    }

    /** Whether a rename of a file over another is atomic on this file system (see the class comment). */
    public boolean renameIsAtomic() {
        return ATOMIC_RENAME.contains(scheme());
    }

    /** Local paths as the plain absolute path (as before URIs were accepted), other locations as their URI. */
    @Override
    public String toString() {
        return isLocal() ? path.toUri().getPath() : path.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoragePath s && s.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    /** Whether something exists here. */
    public boolean exists() {
        return io(() -> fs().exists(path));
    }

    /** Whether this is a folder. */
    public boolean isDirectory() {
        FileStatus s = status();
        return s != null && s.isDirectory();
    }

    /** Whether this is a file. */
    public boolean isFile() {
        FileStatus s = status();
        return s != null && s.isFile();
    }

    /** The file's length in bytes. */
    public long size() {
        return io(() -> fs().getFileStatus(path).getLen());
    }

    /** The entries of this folder sorted by name (empty when it is no folder). */
    public List<StoragePath> children() {
        if (!isDirectory()) {
            return List.of();
        }
        FileStatus[] all = io(() -> fs().listStatus(path));
        List<StoragePath> out = new ArrayList<>();
        for (FileStatus s : all) {
            out.add(new StoragePath(s.getPath()));
        }
        out.sort(Comparator.comparing(StoragePath::name));
        return out;
    }

    /** Whether this is a folder with at least one entry. */
    public boolean isNonEmptyDirectory() {
        return !children().isEmpty();
    }

    /** The whole file. */
    public byte[] readBytes() throws IOException {
        try (InputStream in = fs().open(path)) {
            return in.readAllBytes();
        }
    }

    /** The whole file as UTF-8 text. */
    public String readString() {
        return io(() -> new String(readBytes(), StandardCharsets.UTF_8));
    }

    /** Opens the file for reading. */
    public InputStream open() throws IOException {
        return fs().open(path);
    }

    /** Creates this folder and its parents. */
    public void mkdirs() {
        io(() -> fs().mkdirs(path));
    }

    /** Replaces the file with {@code bytes} so that readers see the old or the new content (class comment). */
    public void writeAtomically(byte[] bytes) {
        writeAtomically(out -> out.write(bytes));
    }

    /**
     * Replaces the file with what {@code content} writes: into a hidden sibling renamed over the target where rename
     * is atomic, in place on object stores (class comment).
     */
    private void writeAtomically(Content content) {
        io(() -> {
            FileSystem fs = fs();
            StoragePath tmp = renameIsAtomic() ? resolveSibling("." + path.getName() + ".tmp-" + UUID.randomUUID())
                    : this;
            try (OutputStream out = fs.create(tmp.path, true)) {
                content.writeTo(out);
            }
            if (tmp != this) {
                try {
                    tmp.replace(this);
                } finally {
                    fs.delete(tmp.path, false);
                }
            }
            return null;
        });
    }

    /** What {@link #writeAtomically(Content)} writes. */
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Moves this file over {@code target}, replacing it: one atomic rename where the file system has it (readers
     * see the old file or the new one); elsewhere (S3A) a delete and a copying rename, so that a reader in between
     * finds no file.
     */
    public void replace(StoragePath target) {
        io(() -> {
            FileSystem fs = fs();
            if (isLocal()) {
                if (!fs.rename(path, target.path)) {
                    throw new IOException("rename to " + target + " failed");
                }
            } else if (renameIsAtomic()) {
                FileContext.getFileContext(path.toUri(), conf()).rename(path, target.path, Options.Rename.OVERWRITE);
            } else {
                fs.delete(target.path, false);
                if (!fs.rename(path, target.path)) {
                    throw new IOException("rename to " + target + " failed");
                }
            }
            return null;
        });
    }

    /**
     * Copies the local file {@code source} here, streaming: written to a hidden sibling and renamed into place, so
     * that readers never see a partial file (see {@link #writeAtomically}; on S3A the copy is written in place).
     */
    public void copyFromLocal(java.nio.file.Path source) {
        writeAtomically(out -> {
            try (InputStream in = java.nio.file.Files.newInputStream(source)) {
                in.transferTo(out);
            }
        });
    }

    /** Writes UTF-8 text as {@link #writeAtomically}. */
    public void writeString(String text) {
        writeAtomically(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates the file with {@code bytes} only if nothing exists here (see the class comment for atomicity);
     * returns false when it existed or another client is creating it (HDFS: {@code AlreadyBeingCreatedException}).
     */
    public boolean createExclusive(byte[] bytes) {
        return io(() -> {
            if (isLocal()) {
                try {
                    java.nio.file.Files.write(java.nio.file.Path.of(path.toUri()), bytes,
                            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                    return true;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    return false;
                }
            }
            try {
                write(fs(), path, bytes, false);
                return true;
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false;
            } catch (org.apache.hadoop.ipc.RemoteException e) {
                if (e.getClassName().endsWith(".AlreadyBeingCreatedException")) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Deletes this file or folder with its content; nothing when absent. */
    public void delete() {
        io(() -> fs().delete(path, true));
    }

    /** Moves this file or folder to {@code target}, which must not exist; an error when the rename fails. */
    public void renameTo(StoragePath target) {
        io(() -> {
            if (!fs().rename(path, target.path)) {
                throw new IOException("cannot rename " + this + " to " + target);
            }
            return null;
        });
    }

    private boolean isLocal() {
        return "file".equals(scheme());
    }

    private FileStatus status() {
        return io(() -> {
            try {
                return fs().getFileStatus(path);
            } catch (java.io.FileNotFoundException e) {
                return null;
            }
        });
    }

    private FileSystem fs() throws IOException {
        FileSystem fs = path.getFileSystem(conf());
        return fs instanceof LocalFileSystem l ? l.getRawFileSystem() : fs;
    }

    private static void write(FileSystem fs, Path p, byte[] bytes, boolean overwrite) throws IOException {
        try (OutputStream out = fs.create(p, overwrite)) {
            out.write(bytes);
        }
    }

    /**
     * The Hadoop configuration in force: the active Spark session's, else defaults plus classpath site files plus
     * every {@code spark.hadoop.K = V} system property as {@code K = V} (what Spark would copy into its own). Without
     * a session the configuration is built once per set of {@code spark.hadoop.*} properties and shared, as Spark
     * shares its own: a fresh {@link Configuration} re-parses {@code core-default.xml} on first use (tens of
     * milliseconds), which every file-system call would otherwise pay.
     */
    public static Configuration conf() {
        scala.Option<SparkSession> s = SparkSession.getActiveSession();
        if (s.isEmpty()) {
            s = SparkSession.getDefaultSession();
        }
        if (s.isDefined()) {
            return s.get().sparkContext().hadoopConfiguration();
        }
        String prefix = "spark.hadoop.";
        Map<String, String> props = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> props.put(k.substring(prefix.length()), System.getProperty(k)));
        DefaultConf cached = defaultConf;
        if (cached == null || !cached.props().equals(props)) {
            Configuration conf = new Configuration();
            props.forEach(conf::set);
            conf.get("fs.defaultFS");
            cached = new DefaultConf(props, conf);
            defaultConf = cached;
        }
        return cached.conf();
    }

    /** The session-less configuration and the {@code spark.hadoop.*} properties it was built from. */
    private record DefaultConf(Map<String, String> props, Configuration conf) {
    }

    /** The qualified URI (for file systems opened from a configuration, e.g. on executors). */
    public URI toUri() {
        return path.toUri();
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T io(IoCall<T> c) {
        try {
            return c.call();
        } catch (IOException e) {
            throw new UncheckedIOException(this + ": " + firstLine(e), e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
