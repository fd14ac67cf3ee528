package dev.popdyn.jobs.cli;

import dev.popdyn.jobs.UserError;
import java.nio.file.Path;

/** The check every {@code --out} option shares. Stateless. */
final class OutPath {
    private OutPath() {
    }

    /** Rejects an empty {@code --out} (null, i.e. omitted, is fine). */
    static void check(Path out) {
        if (out != null && out.toString().isBlank()) {
            throw new UserError("--out: empty path (a path; omit --out for the default)");
        }
    }
}
