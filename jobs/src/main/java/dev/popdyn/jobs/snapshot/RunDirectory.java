package dev.popdyn.jobs.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popdyn.jobs.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run directory on any Hadoop file system ({@link StoragePath}; layout in {@link RunSchema}) and its commit
 * protocol (docs/design.md §4): provenance in {@code run.json} ({@link RunManifest}); a generation's tables are
 * written under {@code _staging/G/TABLE/} ({@link #stagingUri}) — outside every table folder, so neither Spark's
 * partition discovery of {@code RUN/agents} nor a glob {@code RUN/agents/**}{@code /*.parquet} sees them — and moved
 * to {@code TABLE/generation=G/} by one directory rename per table when the generation is complete
 * ({@link #publish}); the {@code _committed/G} marker, written last ({@link #commit}, atomically), is the source of
 * truth. popdyn's readers see committed generations only, and of those only the Parquet files the marker lists
 * ({@link RunIntegrity}). {@link #recover} deletes what an interrupted writer left (staging, unmarked generation
 * folders, unlisted files in committed ones, superseded checkpoints) and completes or undoes an interrupted
 * {@link #replaceCommitted}. The marker records whether its generation holds a {@code state} checkpoint
 * ({@value #STATE_CHECKPOINT}); older checkpoints are dropped only after a newer one is committed
 * ({@link #dropStateBefore}). The order in which a generation's tables are written is {@link GenerationWriter}'s.
 * Not thread-safe; one writer per directory.
 */
public final class RunDirectory {
    public static final String RUN_JSON = "run.json";
    public static final String COMMITTED = "_committed";
    /** Folder of tables being written (a generation's, or a prune's replacement of a committed table). */
    public static final String STAGING = "_staging";
    /** Marker fact: whether the generation's {@code state} checkpoint exists. */
    public static final String STATE_CHECKPOINT = "state_checkpoint";
    /**
     * Test-only JVM system property: {@value}{@code =G} makes {@link #publish} of generation G print one line to
     * stderr and then wait forever, after all of G's tables are staged and before any is renamed into place, so that
     * a test can kill the process at that moment (ReliabilityTest-style child JVMs; docs/design.md §4).
     */
    public static final String PAUSE_BEFORE_PUBLISH = "popdyn.test.pause-before-publish";
    private static final String PRUNE = "prune";
    private static final String OLD = "old";
    private static final String NEW = "new";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final StoragePath root;

    public RunDirectory(StoragePath root) {
        this.root = root;
    }

    public StoragePath root() {
        return root;
    }

    /** Whether {@code dir} holds a run (has a run.json). */
    public static boolean isRun(StoragePath dir) {
        return dir.resolve(RUN_JSON).isFile();
    }

    /** The folder of one table's generation. */
    public StoragePath generationDir(String table, int g) {
        return root.resolve(table).resolve("generation=" + g);
    }

    /** The URI string Spark reads for a table's generation. */
    public String generationUri(String table, int g) {
        return generationDir(table, g).uri();
    }

    /** The folder a table of generation g is written into before {@link #publish}: {@code _staging/G/TABLE}. */
    public StoragePath stagingDir(String table, int g) {
        return root.resolve(STAGING).resolve(Integer.toString(g)).resolve(table);
    }

    /** The URI string Spark writes a table of generation g to ({@link #stagingDir}). */
    public String stagingUri(String table, int g) {
        return stagingDir(table, g).uri();
    }

    /**
     * Moves every table staged for generation g to {@code TABLE/generation=G} (one directory rename each: atomic
     * on local file systems and HDFS, a copy on S3A — docs/cluster.md), replacing a leftover folder of an earlier
     * attempt, then deletes {@code _staging/G} (and {@code _staging} when nothing else is in it). The marker is not
     * written here: until {@link #commit}, the generation is not committed and {@link #recover} deletes its
     * folders.
     */
    public void publish(int g) {
        pauseIfTesting(g);
        StoragePath staged = root.resolve(STAGING).resolve(Integer.toString(g));
        for (StoragePath table : staged.children()) {
            StoragePath target = generationDir(table.name(), g);
            target.delete();
            target.parent().mkdirs();
            table.renameTo(target);
        }
        staged.delete();
        if (!staged.parent().isNonEmptyDirectory()) {
            staged.parent().delete();
        }
    }

    private static void pauseIfTesting(int g) {
        if (Integer.getInteger(PAUSE_BEFORE_PUBLISH, -1) != g) {
            return;
        }
        System.err.println("test hook " + PAUSE_BEFORE_PUBLISH + ": generation " + g + " staged, pausing");
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in the test pause", e);
            }
        }
    }

    /** The marker file of generation g. */
    StoragePath marker(int g) {
        return root.resolve(COMMITTED).resolve(Integer.toString(g));
    }

    public static ObjectNode newJson() {
        return JSON.createObjectNode();
    }

    /** Writes the {@code _committed/G} marker with the given facts, atomically (see {@link GenerationWriter}). */
    void commit(int g, Map<String, Object> facts) {
        ObjectNode n = JSON.createObjectNode();
        n.put("generation", g);
        for (Map.Entry<String, Object> e : facts.entrySet()) {
            n.putPOJO(e.getKey(), e.getValue());
        }
        root.resolve(COMMITTED).mkdirs();
        writeMarker(g, n);
    }

    /** The facts of committed generation g's marker. */
    ObjectNode readMarker(int g) {
        try {
            JsonNode n = JSON.readTree(marker(g).readBytes());
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new UncheckedIOException(marker(g) + ": " + e.getMessage(), e);
        }
    }

    /** Replaces generation g's marker with {@code facts}, atomically. */
    void writeMarker(int g, ObjectNode facts) {
        try {
            marker(g).writeAtomically(JSON.writeValueAsBytes(facts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Committed generations in increasing order. */
    public List<Integer> committedGenerations() {
        List<Integer> out = new ArrayList<>();
        for (StoragePath p : root.resolve(COMMITTED).children()) {
            if (p.name().matches("\\d+")) {
                out.add(Integer.parseInt(p.name()));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The last committed generation, or 0 when none. */
    public int lastCommitted() {
        List<Integer> c = committedGenerations();
        return c.isEmpty() ? 0 : c.get(c.size() - 1);
    }

    /**
     * Whether committed generation g holds a {@code state} checkpoint: its marker's {@value #STATE_CHECKPOINT}
     * fact; markers written before checkpoints became periodic lack it, and then the folder decides (as it does for
     * an unreadable marker, which {@link RunIntegrity} reports).
     */
    public boolean hasCheckpoint(int g) {
        JsonNode fact;
        try {
            fact = readMarker(g).get(STATE_CHECKPOINT);
        } catch (UncheckedIOException e) {
            fact = null;
        }
        return fact == null ? generationDir(RunSchema.STATE, g).isDirectory() : fact.asBoolean();
    }

    /** Committed generations holding a state checkpoint, in increasing order. */
    public List<Integer> checkpoints() {
        List<Integer> out = new ArrayList<>();
        for (int g : committedGenerations()) {
            if (hasCheckpoint(g)) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The newest committed generation ≤ {@code g} holding a state checkpoint, or 0 when there is none (generation
     * 0, the initial population, is a pure function of the config: it needs no checkpoint).
     */
    public int newestCheckpoint(int g) {
        int best = 0;
        for (int c : checkpoints()) {
            if (c <= g) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Makes the directory consistent after an interrupted writer: completes or undoes an interrupted
     * {@link #replaceCommitted} (the copy whose files the marker lists goes into place), then deletes
     * {@code _staging}, every table folder of a generation without marker, every state folder of a generation
     * whose marker says it holds no checkpoint, and every Parquet file of a committed folder its marker does not list
     * ({@link #deleteUnlisted}). Returns the number of folders and files deleted.
     */
    public int recover() {
        finishReplacements();
        int deleted = 0;
        StoragePath staging = root.resolve(STAGING);
        if (staging.exists()) {
            staging.delete();
            deleted++;
        }
        Set<Integer> committed = new HashSet<>(committedGenerations());
        for (String table : List.of(RunSchema.AGENTS, RunSchema.LINEAGE, RunSchema.SUMMARY, RunSchema.STATE,
                RunSchema.TRAJECTORY)) {
            for (StoragePath p : root.resolve(table).children()) {
                int g = generationOf(p);
                if (g < 0) {
                    continue;
                }
                boolean keep = committed.contains(g) && (!table.equals(RunSchema.STATE) || hasCheckpoint(g));
                if (!keep) {
                    p.delete();
                    deleted++;
                } else {
                    deleted += deleteUnlisted(table, g);
                }
            }
        }
        return deleted;
    }

    /**
     * Deletes the Parquet files of committed generation g's table folder that its marker does not list (a dead task
     * attempt's), so that the folder holds exactly the committed files; returns how many. Nothing is deleted when the
     * marker is unreadable or has no file list ({@link RunIntegrity} reports the former).
     */
    private int deleteUnlisted(String table, int g) {
        JsonNode files;
        try {
            files = readMarker(g).get(RunIntegrity.FILES);
        } catch (UncheckedIOException e) {
            return 0;
        }
        if (files == null) {
            return 0;
        }
        Set<String> listed = new HashSet<>();
        files.path(table).forEach(rec -> listed.add(rec.path("name").asText()));
        int deleted = 0;
        for (StoragePath f : generationDir(table, g).children()) {
            if (isParquetPart(f.name()) && !listed.contains(f.name())) {
                f.delete();
                deleted++;
            }
        }
        return deleted;
    }

    /** Whether a file name is a data file Spark reads: a visible {@code *.parquet} (not hidden, not {@code _*}). */
    static boolean isParquetPart(String name) {
        return name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_");
    }

    /** The generation of a {@code generation=G} folder, or −1 for anything else. */
    private static int generationOf(StoragePath p) {
        String n = p.name();
        return n.matches("generation=\\d+") ? Integer.parseInt(n.substring(11)) : -1;
    }

    /**
     * Drops the state checkpoints of committed generations before {@code g} (call after g's checkpoint is
     * committed): each marker first says it holds none, then its folder is deleted. Returns the bytes freed.
     */
    long dropStateBefore(int g) {
        long freed = 0;
        for (int c : checkpoints()) {
            if (c < g) {
                freed += dropCheckpoint(c);
            }
        }
        return freed;
    }

    /** Rewrites g's marker without a checkpoint ({@value #STATE_CHECKPOINT} false), then deletes its state folder. */
    private long dropCheckpoint(int g) {
        ObjectNode m = readMarker(g);
        m.put(STATE_CHECKPOINT, false);
        m.put("state_rows", 0);
        JsonNode files = m.get(RunIntegrity.FILES);
        if (files instanceof ObjectNode f) {
            f.remove(RunSchema.STATE);
        }
        writeMarker(g, m);
        StoragePath dir = generationDir(RunSchema.STATE, g);
        long bytes = bytes(dir);
        dir.delete();
        return bytes;
    }

    /** Bytes of the files in a folder (not recursive: table folders are flat). */
    static long bytes(StoragePath dir) {
        long n = 0;
        for (StoragePath f : dir.children()) {
            if (f.isFile()) {
                n += f.size();
            }
        }
        return n;
    }

    /**
     * The folder a replacement of committed table {@code table} of generation g is written into before
     * {@link #replaceCommitted}.
     */
    StoragePath replacementDir(String table, int g) {
        return root.resolve(STAGING).resolve(PRUNE).resolve(table + "-" + g).resolve(NEW);
    }

    /**
     * Replaces committed table {@code table} of generation g by the files written into {@link #replacementDir},
     * with the marker {@code facts} describing them. Steps: the old folder is moved aside, the marker is replaced
     * (atomically), the new folder is moved into place, the old one deleted; if interrupted, {@link #recover} puts
     * into place the copy the marker describes. A reader during the swap finds the generation's table missing (an
     * error naming it), never a mix.
     */
    void replaceCommitted(String table, int g, ObjectNode facts) {
        StoragePath place = generationDir(table, g);
        StoragePath swap = replacementDir(table, g).parent();
        place.renameTo(swap.resolve(OLD));
        writeMarker(g, facts);
        swap.resolve(NEW).renameTo(place);
        swap.delete();
    }

    /** Completes or undoes interrupted {@link #replaceCommitted} calls (see {@link #recover}). */
    private void finishReplacements() {
        for (StoragePath swap : root.resolve(STAGING).resolve(PRUNE).children()) {
            String n = swap.name();
            int dash = n.lastIndexOf('-');
            String table = n.substring(0, dash);
            int g = Integer.parseInt(n.substring(dash + 1));
            StoragePath place = generationDir(table, g);
            if (!place.exists() && swap.resolve(OLD).exists()) {
                Map<String, Long> listed = new HashMap<>();
                JsonNode files = readMarker(g).path(RunIntegrity.FILES).path(table);
                for (JsonNode rec : files) {
                    listed.put(rec.path("name").asText(), rec.path("size").asLong());
                }
                StoragePath chosen = sizes(swap.resolve(NEW)).equals(listed) ? swap.resolve(NEW)
                        : swap.resolve(OLD);
                chosen.renameTo(place);
            }
            swap.delete();
        }
    }

    /**
     * Name → size of the Parquet files in a folder: what a marker records of them (file names repeat across
     * generations and rewrites, so names alone cannot tell a rewritten table from the original).
     */
    private static Map<String, Long> sizes(StoragePath dir) {
        Map<String, Long> out = new HashMap<>();
        for (StoragePath f : dir.children()) {
            if (isParquetPart(f.name())) {
                out.put(f.name(), f.size());
            }
        }
        return out;
    }

    /**
     * URIs of the Parquet files of a table over all committed generations, in generation order
     * ({@link #committedFiles}).
     */
    public List<String> committedUris(String table) {
        List<String> out = new ArrayList<>();
        for (int g : committedGenerations()) {
            out.addAll(committedFiles(table, g));
        }
        return out;
    }

    /**
     * What a reader reads of committed generation g's table: the URIs of exactly the Parquet files its marker lists
     * ({@link RunIntegrity#FILES}), never a listing of the folder, so a file the marker does not list (a dead task
     * attempt's, on an object store where nothing was renamed) is never read; empty when the marker lists none for
     * the table. A marker without a file list (written before the list existed) yields the folder's URI when the
     * folder exists. An unreadable marker is a {@link UserError} naming it.
     */
    public List<String> committedFiles(String table, int g) {
        JsonNode files;
        try {
            files = readMarker(g).get(RunIntegrity.FILES);
        } catch (UncheckedIOException e) {
            throw new UserError(root + ": generation " + g + " is corrupt: " + COMMITTED + "/" + g
                    + " marker is unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (files == null) {
            return generationDir(table, g).isDirectory() ? List.of(generationUri(table, g)) : List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode rec : files.path(table)) {
            out.add(generationDir(table, g).resolve(rec.path("name").asText()).uri());
        }
        return out;
    }
}
