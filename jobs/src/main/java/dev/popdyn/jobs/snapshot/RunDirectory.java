package dev.popdyn.jobs.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A run directory on any Hadoop file system ({@link StoragePath}; layout in {@link RunSchema}): provenance in
 * {@code run.json} ({@link RunManifest}), per-generation table folders and the {@code _committed/G} markers, written
 * last ({@link StoragePath#writeAtomically}); the order in which a generation's folders and its marker are written is
 * {@link GenerationWriter}'s. Readers only ever see committed generations, and of a committed generation only the
 * Parquet files its marker lists ({@link RunIntegrity}), so that the protocol also holds on object stores without
 * atomic rename (docs/cluster.md). Not thread-safe; one writer per directory.
 */
public final class RunDirectory {
    public static final String RUN_JSON = "run.json";
    public static final String COMMITTED = "_committed";
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

    /** The URI string Spark reads/writes for a table's generation. */
    public String generationUri(String table, int g) {
        return generationDir(table, g).uri();
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
        try {
            ObjectNode n = JSON.createObjectNode();
            n.put("generation", g);
            for (Map.Entry<String, Object> e : facts.entrySet()) {
                n.putPOJO(e.getKey(), e.getValue());
            }
            root.resolve(COMMITTED).mkdirs();
            marker(g).writeAtomically(JSON.writeValueAsBytes(n));
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

    /** Deletes table folders of generations after {@code g} (left by a crash before their commit). */
    public void dropUncommittedAfter(int g) {
        for (String table : List.of(RunSchema.AGENTS, RunSchema.LINEAGE, RunSchema.SUMMARY, RunSchema.STATE,
                RunSchema.TRAJECTORY)) {
            for (StoragePath p : root.resolve(table).children()) {
                if (p.name().startsWith("generation=") && Integer.parseInt(p.name().substring(11)) > g) {
                    p.delete();
                }
            }
        }
    }

    /** Deletes state checkpoints older than {@code g}. */
    void dropStateBefore(int g) {
        for (StoragePath p : root.resolve(RunSchema.STATE).children()) {
            if (p.name().startsWith("generation=") && Integer.parseInt(p.name().substring(11)) < g) {
                p.delete();
            }
        }
    }

    /** URIs of the committed generation folders of a table. */
    public List<String> committedUris(String table) {
        List<String> out = new ArrayList<>();
        for (int g : committedGenerations()) {
            if (generationDir(table, g).isDirectory()) {
                out.add(generationUri(table, g));
            }
        }
        return out;
    }
}
