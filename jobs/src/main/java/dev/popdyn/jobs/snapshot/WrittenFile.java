package dev.popdyn.jobs.snapshot;

import java.io.Serializable;

/**
 * One Parquet file of a generation as it was written: its table, file name, row count, length in bytes and the
 * SHA-256 (hex) of exactly those bytes, computed while they were written ({@link ParquetFiles}). The facts the
 * {@code _committed/G} marker records per file ({@link RunIntegrity#files}). Immutable.
 */
public record WrittenFile(String table, String name, long rows, long bytes, String sha256) implements Serializable {
}
