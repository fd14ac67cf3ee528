package dev.popdyn.jobs.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popdyn.jobs.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Content integrity of committed generations. Before a generation's {@code _committed/G} marker is written, the
 * engine records for each table folder of G ({@code agents}, {@code lineage}, {@code summary}, {@code state}) the
 * Parquet files it holds, with size and SHA-256, under the marker's {@code files} key:
 *
 * <pre>
 * "files" : { "agents" : [ { "name" : "part-00000-….parquet", "size" : 26641, "sha256" : "…" }, … ], … }
 * </pre>
 *
 * Readers verify a generation against its marker before reading it and report the first mismatch by name (missing,
 * truncated or altered file, or an unexpected extra file) as a {@link UserError}, instead of reading garbage.
 * Markers written before this check existed have no {@code files} key and are accepted unverified. Hidden files
 * (Hadoop's {@code .crc}) and {@code _SUCCESS} are not part of the record: Spark reads neither. Stateless and
 * thread-safe.
 */
public final class RunIntegrity {
    /** The marker key holding the file records. */
    public static final String FILES = "files";
    private static final List<String> RECORDED = List.of(RunSchema.AGENTS, RunSchema.LINEAGE, RunSchema.SUMMARY,
            RunSchema.STATE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunIntegrity() {
    }

    /** The {@code files} fact of generation g: per table, each Parquet file's name, size and SHA-256. */
    public static Map<String, Object> facts(RunDirectory rd, int g) {
        Map<String, Object> tables = new LinkedHashMap<>();
        for (String table : RECORDED) {
            List<Map<String, Object>> files = new ArrayList<>();
            for (Path f : parquetFiles(rd.generationDir(table, g))) {
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("name", f.getFileName().toString());
                rec.put("size", size(f));
                rec.put("sha256", sha256(f));
                files.add(rec);
            }
            tables.put(table, files);
        }
        return Map.of(FILES, tables);
    }

    /**
     * Verifies the tables {@code tables} of every committed generation and, when {@code stateOf} &gt; 0, the state
     * checkpoint of generation {@code stateOf}; throws a {@link UserError} naming the first corrupt generation and
     * file. {@code advice} (may be empty) is appended to the message.
     */
    public static void verify(RunDirectory rd, Collection<String> tables, int stateOf, String advice) {
        for (int g : rd.committedGenerations()) {
            List<String> check = new ArrayList<>(tables);
            if (g == stateOf) {
                check.add(RunSchema.STATE);
            }
            String problem = problem(rd, g, check);
            if (problem != null) {
                throw new UserError(rd.root() + ": generation " + g + " is corrupt: " + problem + advice);
            }
        }
    }

    /** The first mismatch of generation g's tables against its marker, or null when intact (or unrecorded). */
    static String problem(RunDirectory rd, int g, Collection<String> tables) {
        Path marker = rd.root().resolve(RunDirectory.COMMITTED).resolve(Integer.toString(g));
        JsonNode m;
        try {
            m = JSON.readTree(marker.toFile());
        } catch (IOException e) {
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
            String where = table + "/generation=" + g + "/";
            Map<String, Path> present = new TreeMap<>();
            for (Path f : parquetFiles(rd.generationDir(table, g))) {
                present.put(f.getFileName().toString(), f);
            }
            for (JsonNode rec : recorded) {
                String name = rec.path("name").asText();
                Path f = present.remove(name);
                if (f == null) {
                    return where + name + " is missing";
                }
                long size = size(f);
                if (size != rec.path("size").asLong()) {
                    return where + name + " size mismatch: " + size + " bytes (expected " + rec.path("size").asLong()
                            + ")";
                }
                String sha = sha256(f);
                if (!sha.equals(rec.path("sha256").asText())) {
                    return where + name + " checksum mismatch: sha256 " + sha + " (expected "
                            + rec.path("sha256").asText() + ")";
                }
            }
            if (!present.isEmpty()) {
                return where + present.keySet().iterator().next() + " is not part of the committed generation";
            }
        }
        return null;
    }

    private static List<Path> parquetFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UserError(f + ": cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
