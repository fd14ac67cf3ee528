package dev.popdyn.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The lock {@code DIR/.lock} that keeps two sweeps from writing one sweep directory: a JSON file with the owner's
 * pid, host and start time, created exclusively ({@link StoragePath#createExclusive}: {@code FileSystem.create(path,
 * false)}, atomic on HDFS and local file systems; on S3A, whose create is not exclusive, see docs/cluster.md). A lock
 * whose
 * owner is on this host and no longer alive is stale: it is taken over with a warning. A lock held by a live
 * process, or by another host (whose processes cannot be checked), is refused. Thread-safe for distinct
 * directories; one instance per acquisition.
 */
public final class SweepLock implements AutoCloseable {
    /** File name of the lock inside the sweep directory. */
    public static final String FILE = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoragePath file;

    private SweepLock(StoragePath file) {
        this.file = file;
    }

    /** Takes the lock of {@code dir} (created if needed), taking over a stale one with a warning on {@code err}. */
    public static SweepLock acquire(StoragePath dir, PrintStream err) {
        StoragePath f = dir.resolve(FILE);
        dir.mkdirs();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (f.createExclusive(owner())) {
                return new SweepLock(f);
            }
            JsonNode held = read(f);
            if (held == null) {
                continue;
            }
            long pid = held.path("pid").asLong(-1);
            String host = held.path("host").asText("?");
            String since = held.path("started_at").asText("?");
            if (!host.equals(hostName())) {
                throw new UserError(dir + ": locked by a sweep on host " + host + " (pid " + pid + ", since "
                        + since + "); if it is gone, delete " + f);
            }
            if (alive(pid)) {
                throw new UserError(dir + ": another sweep is running on it (pid " + pid + " on " + host
                        + ", since " + since + "); lock file " + f);
            }
            err.println("warning: " + f + ": stale lock of pid " + pid + " on " + host + " (since " + since
                    + ", no longer running); taking it over");
            f.delete();
        }
        throw new UserError(dir + ": could not take the lock " + f + " (it keeps changing)");
    }

    private static byte[] owner() {
        ObjectNode n = JSON.createObjectNode();
        n.put("pid", ProcessHandle.current().pid());
        n.put("host", hostName());
        n.put("started_at", Instant.now().toString());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The lock's owner record; null when the lock vanished; an empty object when it is unreadable. */
    private static JsonNode read(StoragePath f) {
        try {
            return JSON.readTree(f.readBytes());
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> h = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        return h.isPresent() && h.get().isAlive();
    }

    /** This machine's host name (as the lock records it). */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String h = System.getenv("HOSTNAME");
            return h != null ? h : "unknown-host";
        }
    }

    /** Releases the lock (deletes the file). */
    @Override
    public void close() {
        file.delete();
    }
}
