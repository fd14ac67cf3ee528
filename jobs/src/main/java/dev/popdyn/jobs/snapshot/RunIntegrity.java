package dev.popdyn.jobs.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.jobs.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Content integrity of committed generations. A generation's {@code _committed/G} marker records for each table
 * folder of G ({@code agents}, {@code lineage}, {@code summary}, {@code state}, and {@code trajectory} when recorded)
 * the Parquet files written, with size, rows and SHA-256, under the marker's {@code files} key ({@link #files}):
 *
 * <pre>
 * "files" : { "agents" : [ { "name" : "part-00000.parquet", "size" : 26641, "rows" : 500, "sha256" : "…" }, … ], … }
 * </pre>
 *
 * The writer's checksums are computed over the bytes as they are written ({@link ParquetFiles}), where the rows are
 * (driver or task), so no file is read back to commit. The checks below re-read files: one Spark task per file reads it
 * through Hadoop's {@link FileSystem} on an executor and returns only its digest, so the driver handles O(files)
 * metadata and never the data (docs/design.md §4); without a Spark session the driver reads them. Readers (query,
 * report, resume) check a committed generation cheaply against its marker before reading it — every listed file present
 * with its recorded size — and resume also checks the full checksums of the state checkpoint it restarts from;
 * {@code popdyn verify} ({@link #verifyFully}) checks every checksum. The first mismatch is reported by name (missing,
 * truncated or altered file) as a {@link UserError}, instead of reading garbage. A Parquet file in a committed folder
 * that the marker does not list (a dead task attempt's, on an object store) is no damage: readers read only the listed
 * files ({@link RunDirectory#committedFiles}) and {@code resume} deletes it ({@link RunDirectory#recover}).
 * Markers written before this check existed have no {@code files} key and are accepted unverified. Hidden files
 * (Hadoop's {@code .crc}) and {@code _SUCCESS} are not part of the record: Spark reads neither. Stateless and
 * thread-safe.
 */
public final class RunIntegrity {
    /** The marker key holding the file records. */
    public static final String FILES = "files";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNREADABLE = "unreadable: ";

    private RunIntegrity() {
    }

    /** How much of a generation {@link #problem} checks. */
    enum Depth {
        /** Names and sizes (file system metadata only). */
        SIZES,
        /** Names, sizes and SHA-256 of the content (an executor-side pass). */
        CHECKSUMS
    }

    /**
     * The {@code files} fact of a generation from the facts of its files as they were written
     * ({@link WrittenFile}): per table, in the given order, each file's name, size, rows and SHA-256.
     */
    public static Map<String, Object> files(List<WrittenFile> written) {
        Map<String, Object> tables = new LinkedHashMap<>();
        for (WrittenFile f : written) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("name", f.name());
            rec.put("size", f.bytes());
            rec.put("rows", f.rows());
            rec.put("sha256", f.sha256());
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) tables.computeIfAbsent(f.table(), t -> new ArrayList<>());
            list.add(rec);
        }
        return Map.of(FILES, tables);
    }

    /**
     * Checks names and sizes of the tables {@code tables} of every committed generation against the markers and,
     * when {@code stateOf} &gt; 0, also the SHA-256 of generation {@code stateOf}'s state checkpoint; throws a
     * {@link UserError} naming the first corrupt generation and file. {@code advice} (may be empty) is appended to the
     * message.
     */
    public static void verify(SparkSession spark, RunDirectory rd, Collection<String> tables, int stateOf,
            String advice) {
        for (int g : rd.committedGenerations()) {
            String problem = problem(spark, rd, g, tables, Depth.SIZES);
            if (problem == null && g == stateOf) {
                problem = problem(spark, rd, g, List.of(RunSchema.STATE), Depth.CHECKSUMS);
            }
            if (problem != null) {
                throw new UserError(rd.root() + ": generation " + g + " is corrupt: " + problem + advice);
            }
        }
    }

    /**
     * Checks every recorded file of every committed generation, checksums included (state only where the marker
     * says the generation holds a checkpoint, {@link RunDirectory#hasCheckpoint}); throws a {@link UserError} naming
     * the first corrupt generation and file. Returns the number of files checked.
     */
    public static int verifyFully(SparkSession spark, RunDirectory rd) {
        int checked = 0;
        for (int g : rd.committedGenerations()) {
            List<String> tables = new ArrayList<>(List.of(RunSchema.AGENTS, RunSchema.LINEAGE, RunSchema.SUMMARY,
                    RunSchema.TRAJECTORY));
            if (rd.hasCheckpoint(g)) {
                tables.add(RunSchema.STATE);
            }
            String problem = problem(spark, rd, g, tables, Depth.CHECKSUMS);
            if (problem != null) {
                throw new UserError(rd.root() + ": generation " + g + " is corrupt: " + problem);
            }
            for (String t : tables) {
                checked += rd.committedFiles(t, g).size();
            }
        }
        return checked;
    }

    /** The first mismatch of generation g's tables against its marker, or null when intact (or unrecorded). */
    static String problem(SparkSession spark, RunDirectory rd, int g, Collection<String> tables, Depth depth) {
        JsonNode m;
        try {
            m = JSON.readTree(rd.marker(g).readBytes());
        } catch (IOException | UncheckedIOException e) {
            return RunDirectory.COMMITTED + "/" + g + " marker is unreadable (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")";
        }
        if (m == null || !m.isObject()) {
            return RunDirectory.COMMITTED + "/" + g + " marker is not a JSON object";
        }
        JsonNode files = m.get(FILES);
        if (files == null) {
            return null;
        }
        for (String table : tables) {
            JsonNode recorded = files.get(table);
            if (recorded == null) {
                continue;
            }
            String problem = tableProblem(spark, rd, g, table, recorded, depth);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String tableProblem(SparkSession spark, RunDirectory rd, int g, String table, JsonNode recorded,
            Depth depth) {
        String where = table + "/generation=" + g + "/";
        Map<String, StoragePath> present = new TreeMap<>();
        for (StoragePath f : parquetFiles(rd.generationDir(table, g))) {
            present.put(f.name(), f);
        }
        List<StoragePath> listed = new ArrayList<>();
        for (JsonNode rec : recorded) {
            String name = rec.path("name").asText();
            StoragePath f = present.remove(name);
            if (f == null) {
                return where + name + " is missing";
            }
            long size = f.size();
            if (size != rec.path("size").asLong()) {
                return where + name + " size mismatch: " + size + " bytes (expected " + rec.path("size").asLong()
                        + ")";
            }
            listed.add(f);
        }
        if (depth == Depth.SIZES) {
            return null;
        }
        Map<String, String> sha = sha256(spark, listed);
        int i = 0;
        for (JsonNode rec : recorded) {
            StoragePath f = listed.get(i++);
            String actual = sha.get(f.uri());
            if (actual.startsWith(UNREADABLE)) {
                return where + f.name() + " is " + actual;
            }
            if (!actual.equals(rec.path("sha256").asText())) {
                return where + f.name() + " checksum mismatch: sha256 " + actual + " (expected "
                        + rec.path("sha256").asText() + ")";
            }
        }
        return null;
    }

    private static List<StoragePath> parquetFiles(StoragePath dir) {
        List<StoragePath> out = new ArrayList<>();
        for (StoragePath p : dir.children()) {
            if (RunDirectory.isParquetPart(p.name())) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * SHA-256 (hex) of each file, keyed by {@link StoragePath#uri()}: one Spark task per file opens it through its
     * file system on an executor, so only the digests travel to the driver; the driver reads them itself, on all its
     * cores, when {@code spark} is null.
     */
    static Map<String, String> sha256(SparkSession spark, List<StoragePath> files) {
        if (files.isEmpty()) {
            return Map.of();
        }
        List<String> uris = files.stream().map(StoragePath::uri).toList();
        if (spark == null) {
            Configuration conf = StoragePath.conf();
            List<String> digests = uris.parallelStream().map(u -> sha256(u, conf)).toList();
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < uris.size(); i++) {
                out.put(uris.get(i), digests.get(i));
            }
            return out;
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(
                spark.sparkContext().hadoopConfiguration()));
        try {
            Map<String, String> out = new LinkedHashMap<>();
            for (Tuple2<String, String> t : sc.parallelize(uris, uris.size())
                    .mapToPair(u -> new Tuple2<>(u, sha256(u, conf.value().value()))).collect()) {
                out.put(t._1(), t._2());
            }
            return out;
        } finally {
            conf.destroy();
        }
    }

    /** The digest of one file, or {@value #UNREADABLE} and the reason when it cannot be read. */
    private static String sha256(String uri, Configuration conf) {
        Path p = new Path(uri);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (fs instanceof LocalFileSystem l) {
                fs = l.getRawFileSystem();
            }
            try (InputStream in = fs.open(p)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                    md.update(buf, 0, r);
                }
                return HexFormat.of().formatHex(md.digest());
            }
        } catch (IOException e) {
            return UNREADABLE + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
