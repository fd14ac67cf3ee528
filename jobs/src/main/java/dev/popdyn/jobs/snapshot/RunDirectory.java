package dev.popdyn.jobs.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run directory on a local or shared file system (layout in {@link RunSchema}): provenance in {@code run.json}
 * ({@link RunManifest}), per-generation table folders and the {@code _committed/G} markers, written by an atomic
 * rename; the order in which a generation's folders and its marker are written is {@link GenerationWriter}'s.
 * Readers only ever see committed generations. Not thread-safe; one writer per directory.
 */
public final class RunDirectory {
    public static final String RUN_JSON = "run.json";
    public static final String COMMITTED = "_committed";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Whether {@code dir} holds a run (has a run.json). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RUN_JSON));
    }

    /** The folder of one table's generation. */
    public Path generationDir(String table, int g) {
        return root.resolve(table).resolve("generation=" + g);
    }

    /** The URI string Spark reads/writes for a table's generation. */
    public String generationUri(String table, int g) {
        return generationDir(table, g).toUri().toString();
    }

    public static ObjectNode newJson() {
        return JSON.createObjectNode();
    }

    /** Writes the {@code _committed/G} marker with the given facts, atomically (see {@link GenerationWriter}). */
    void commit(int g, Map<String, Object> facts) {
        try {
            Path dir = root.resolve(COMMITTED);
            Files.createDirectories(dir);
            ObjectNode n = JSON.createObjectNode();
            n.put("generation", g);
            for (Map.Entry<String, Object> e : facts.entrySet()) {
                n.putPOJO(e.getKey(), e.getValue());
            }
            writeAtomically(dir.resolve(Integer.toString(g)), JSON.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Committed generations in increasing order. */
    public List<Integer> committedGenerations() {
        Path dir = root.resolve(COMMITTED);
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .forEach(n -> out.add(Integer.parseInt(n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
            Path t = root.resolve(table);
            if (!Files.isDirectory(t)) {
                continue;
            }
            try (Stream<Path> s = Files.list(t)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("generation=") && Integer.parseInt(name.substring(11)) > g) {
                        deleteRecursively(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes state checkpoints older than {@code g}. */
    void dropStateBefore(int g) {
        Path t = root.resolve(RunSchema.STATE);
        if (!Files.isDirectory(t)) {
            return;
        }
        try (Stream<Path> s = Files.list(t)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("generation=") && Integer.parseInt(name.substring(11)) < g) {
                    deleteRecursively(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** URIs of the committed generation folders of a table. */
    public List<String> committedUris(String table) {
        List<String> out = new ArrayList<>();
        for (int g : committedGenerations()) {
            if (Files.isDirectory(generationDir(table, g))) {
                out.add(generationUri(table, g));
            }
        }
        return out;
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path x : all) {
                Files.delete(x);
            }
        }
    }

    /** Reads a small text file fully (for tests and diagnostics). */
    public static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
