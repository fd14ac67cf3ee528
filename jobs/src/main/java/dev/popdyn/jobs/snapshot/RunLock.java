package dev.popdyn.jobs.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popdyn.jobs.UserError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The writer's lock {@code DIR/.lock} of a run or sweep directory, taken by every command that writes or deletes in
 * it ({@code run}, {@code resume}, {@code sweep}; readers never take it): a JSON file with the owner's command, host,
 * pid and start time, created exclusively on the directory's own file system ({@link StoragePath#createExclusive}:
 * {@code FileSystem.create(path, false)}, atomic on HDFS and local file systems; on S3A, whose create is not
 * exclusive, see docs/cluster.md). A second writer gets one {@code error:} line naming the owner.
 *
 * <p>A lock is taken over (with a warning) only when its owner is provably gone: it was taken on this host and its
 * pid is not alive, or is alive but started after the lock was written (the pid was reused). A lock of another host,
 * whose processes cannot be checked, is never taken over. Thread-safe for distinct directories; one instance per
 * acquisition.
 */
public final class RunLock implements AutoCloseable {
    /** File name of the lock inside the run or sweep directory. */
    public static final String FILE = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tries before giving up on a lock that keeps vanishing or stays unreadable (a writer mid-write). */
    private static final int ATTEMPTS = 40;
    private static final long PAUSE_MS = 50;

    private final StoragePath file;
    private final boolean createdDir;
    private final boolean wasEmpty;

    private RunLock(StoragePath file, boolean createdDir, boolean wasEmpty) {
        this.file = file;
        this.createdDir = createdDir;
        this.wasEmpty = wasEmpty;
    }

    /**
     * Takes the lock of {@code dir} (the folder is created if needed) for {@code command} (e.g. "run"), taking over
     * a stale one with a warning on {@code err}; a {@link UserError} naming the owner when it is held.
     */
    public static RunLock acquire(StoragePath dir, String command, PrintStream err) {
        boolean created = !dir.exists();
        dir.mkdirs();
        StoragePath f = dir.resolve(FILE);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (create(dir, f, command, created)) {
                boolean empty = dir.children().stream().allMatch(c -> c.name().equals(FILE));
                return new RunLock(f, created, empty);
            }
            JsonNode held = read(f);
            if (held == null) {
                continue;
            }
            if (!held.has("pid")) {
                pause();
                continue;
            }
            String what = describe(held);
            if (!provablyGone(held)) {
                throw new UserError(dir + ": " + what + " is writing to it (lock " + f + "); wait for it to end"
                        + (held.path("host").asText("?").equals(hostName()) ? ""
                        : ", or delete the lock if that process is gone"));
            }
            err.println("warning: " + f + ": stale lock of " + what + ", no longer running; taking it over");
            f.delete();
        }
        throw new UserError(dir + ": could not take the lock " + f + " (it keeps changing, or holds no owner; "
                + "delete it if no popdyn command writes here)");
    }

    /**
     * Creates the lock file; if that fails (e.g. a full disk after the create), removes the partial file, or the
     * folder when this call created it.
     */
    private static boolean create(StoragePath dir, StoragePath f, String command, boolean createdDir) {
        try {
            return f.createExclusive(owner(command));
        } catch (RuntimeException e) {
            try {
                (createdDir ? dir : f).delete();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a lock", e);
        }
    }

    /**
     * Runs {@code body} holding the lock of a new run directory {@code dir}. If {@code body} fails before any
     * generation is committed, what it wrote is removed (the directory too when this call created it), so a failed
     * start leaves no stub that would block the same {@code --out}; a directory that was not empty is never touched.
     */
    public static <T> T newRun(StoragePath dir, PrintStream err, Supplier<T> body) {
        try (RunLock lock = acquire(dir, "run", err)) {
            try {
                return body.get();
            } catch (RuntimeException | Error e) {
                try {
                    lock.removeStub();
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
        }
    }

    private void removeStub() {
        StoragePath dir = file.parent();
        if (!wasEmpty || (RunDirectory.isRun(dir) && new RunDirectory(dir).lastCommitted() > 0)) {
            return;
        }
        for (StoragePath c : dir.children()) {
            if (!c.name().equals(FILE)) {
                c.delete();
            }
        }
        if (createdDir) {
            dir.delete();
        }
    }

    private static byte[] owner(String command) {
        ObjectNode n = JSON.createObjectNode();
        n.put("command", command);
        n.put("pid", ProcessHandle.current().pid());
        n.put("host", hostName());
        n.put("started_at", Instant.now().toString());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(JsonNode held) {
        return "popdyn " + held.path("command").asText("?") + " (pid " + held.path("pid").asLong(-1) + " on "
                + held.path("host").asText("?") + ", since " + held.path("started_at").asText("?") + ")";
    }

    /**
     * The lock's owner record; null when the lock vanished; an empty object when it is unreadable (e.g. its owner
     * is still writing it).
     */
    private static JsonNode read(StoragePath f) {
        try {
            JsonNode n = JSON.readTree(f.readBytes());
            return n != null && n.isObject() ? n : JSON.createObjectNode();
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /**
     * Whether the owner is certainly not running: same host and its pid is dead, or now belongs to a process that
     * started after the lock was written.
     */
    static boolean provablyGone(JsonNode held) {
        if (!held.path("host").asText("").equals(hostName())) {
            return false;
        }
        long pid = held.path("pid").asLong(-1);
        Optional<ProcessHandle> h = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (h.isEmpty() || !h.get().isAlive()) {
            return pid > 0;
        }
        Optional<Instant> started = h.get().info().startInstant();
        try {
            Instant lockedAt = Instant.parse(held.path("started_at").asText(""));
            return started.isPresent() && started.get().isAfter(lockedAt.plusSeconds(1));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** This machine's host name (as the lock records it). */
    public static String hostName() {
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
