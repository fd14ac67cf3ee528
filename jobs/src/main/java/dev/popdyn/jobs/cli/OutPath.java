package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.snapshot.StoragePath;

/** What every {@code --out} option shares: the empty-path check and the default location. Stateless. */
final class OutPath {
    private OutPath() {
    }

    /** Rejects an empty {@code --out} (null, i.e. omitted, is fine). */
    static void check(String out) {
        if (out != null && out.isBlank()) {
            throw new UserError("--out: empty path (a path; omit --out for the default)");
        }
    }

    /**
     * The output directory: {@code --out} when given, else {@code name} inside {@code execution.out}; either may be a
     * URI of any Hadoop file system ({@link StoragePath#of}).
     */
    static StoragePath dir(String out, ExecutionParams exec, String name) {
        return out != null ? StoragePath.of("--out", out) : StoragePath.of("execution.out", exec.out()).resolve(name);
    }
}
