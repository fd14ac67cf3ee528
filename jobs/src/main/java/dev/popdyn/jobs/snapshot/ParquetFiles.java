package dev.popdyn.jobs.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes Parquet files of the run directory with parquet-hadoop's own writer ({@link ParquetWriter} over a small
 * {@link WriteSupport}), without Spark and without a Hadoop output committer: a file is created through the Hadoop
 * {@link FileSystem} of its URI (any Hadoop file system; the local one without {@code .crc} side files, as
 * {@link StoragePath}), and every byte handed to the file system also goes through a SHA-256 digest, so the file's
 * facts ({@link WrittenFile}: rows, bytes, SHA-256) are known when it is closed, without reading it back.
 * {@link #read} reads a folder's files back the same way, without Spark.
 *
 * <p>Codec and row-group size ({@link #FORMAT}) were chosen by measurement (BENCHMARKS.md, "Snapshot files"). The bytes
 * of a file are a pure function of its rows (parquet-mr writes no clock or host into a file), so a re-written file is
 * identical. Stateless and thread-safe; a {@link Sink} is not.
 */
public final class ParquetFiles {
    /**
     * The compression codec, row-group size (bytes; the writer's buffer per open file) and whether dictionary
     * encoding is tried (parquet-mr's default; for columns of distinct doubles it fills a dictionary, gives up and
     * re-encodes: 3–4× the writing time, BENCHMARKS.md).
     */
    public record Format(CompressionCodecName codec, int rowGroupBytes, boolean dictionary) {
    }

    /** The format of every table, chosen by measurement (BENCHMARKS.md, "Snapshot files"). */
    public static final Format FORMAT = new Format(CompressionCodecName.SNAPPY, 64 << 20, false);

    private ParquetFiles() {
    }

    /** A table's Parquet layout: its schema and how one row of type {@code T} becomes one Parquet record. */
    public interface Layout<T> {
        /** The Parquet schema of the table. */
        MessageType schema();

        /** Emits {@code row} as the fields of one record (between {@code startMessage} and {@code endMessage}). */
        void write(RecordConsumer out, T row);
    }

    /**
     * An open file of one table: {@link #add} rows, then {@link #finish} to complete it and get its facts;
     * {@link #close} without {@link #finish} (on failure) closes the stream, leaving an incomplete file that no
     * marker lists. Not thread-safe.
     */
    public static final class Sink<T> implements AutoCloseable {
        private final String table;
        private final String name;
        private final DigestFile file;
        private final ParquetWriter<T> writer;
        private long rows;
        private WrittenFile facts;

        private Sink(String table, String name, DigestFile file, ParquetWriter<T> writer) {
            this.table = table;
            this.name = name;
            this.file = file;
            this.writer = writer;
        }

        /** Appends one row. */
        public void add(T row) {
            try {
                writer.write(row);
            } catch (IOException e) {
                throw new UncheckedIOException(file.path + ": " + e.getMessage(), e);
            }
            rows++;
        }

        /** Writes the footer, closes the file and returns its facts. */
        public WrittenFile finish() {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(file.path + ": " + e.getMessage(), e);
            }
            facts = new WrittenFile(table, name, rows, file.bytes(), file.sha256());
            return facts;
        }

        /** Closes the stream of an unfinished file (a no-op after {@link #finish}). */
        @Override
        public void close() {
            if (facts == null) {
                file.abort();
            }
        }
    }

    /**
     * Opens file {@code name} in folder {@code dirUri} (created if missing; an existing file of that name is
     * replaced) for rows of {@code table} laid out by {@code layout}.
     */
    public static <T> Sink<T> open(String table, String dirUri, String name, Layout<T> layout, Configuration conf) {
        return open(table, dirUri, name, layout, conf, FORMAT);
    }

    /** As {@link #open(String, String, String, Layout, Configuration)} in another {@code format}. */
    public static <T> Sink<T> open(String table, String dirUri, String name, Layout<T> layout, Configuration conf,
            Format format) {
        Path path = new Path(dirUri, name);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (fs instanceof LocalFileSystem l) {
                fs = l.getRawFileSystem();
            }
            DigestFile file = new DigestFile(fs, path);
            ParquetWriter<T> writer = new Builder<>(file, layout).withConf(conf)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withCompressionCodec(format.codec())
                    .withRowGroupSize(format.rowGroupBytes()).withDictionaryEncoding(format.dictionary()).build();
            return new Sink<>(table, name, file, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
    }

    /** Writes all {@code rows} into one file (see {@link #open}) and returns its facts. */
    public static <T> WrittenFile write(String table, String dirUri, String name, Layout<T> layout,
            Iterable<T> rows, Configuration conf) {
        try (Sink<T> sink = open(table, dirUri, name, layout, conf)) {
            for (T r : rows) {
                sink.add(r);
            }
            return sink.finish();
        }
    }

    /**
     * The records of every Parquet file in folder {@code dirUri} (name order; hidden and {@code _} files skipped),
     * each converted by {@code row} from parquet-hadoop's example {@link Group}; empty when the folder is missing.
     */
    public static <T> List<T> read(String dirUri, Function<Group, T> row, Configuration conf) {
        Path dir = new Path(dirUri);
        List<T> out = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (fs instanceof LocalFileSystem l) {
                fs = l.getRawFileSystem();
            }
            if (!fs.exists(dir)) {
                return out;
            }
            FileStatus[] files = fs.listStatus(dir, p -> p.getName().endsWith(".parquet")
                    && !p.getName().startsWith(".") && !p.getName().startsWith("_"));
            Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            for (FileStatus f : files) {
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), f.getPath())
                        .withConf(conf).build()) {
                    for (Group g = reader.read(); g != null; g = reader.read()) {
                        out.add(row.apply(g));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(dirUri + ": " + e.getMessage(), e);
        }
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final Layout<T> layout;

        Builder(OutputFile file, Layout<T> layout) {
            super(file);
            this.layout = layout;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new LayoutSupport<>(layout);
        }
    }

    /** The {@link WriteSupport} of a {@link Layout}: one record per row. */
    private static final class LayoutSupport<T> extends WriteSupport<T> {
        private final Layout<T> layout;
        private RecordConsumer out;

        LayoutSupport(Layout<T> layout) {
            this.layout = layout;
        }

        @Override
        public WriteContext init(Configuration conf) {
            return new WriteContext(layout.schema(), Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(T row) {
            out.startMessage();
            layout.write(out, row);
            out.endMessage();
        }
    }

    /**
     * A Parquet {@link OutputFile} on a Hadoop file system whose stream digests (SHA-256) and counts every byte it
     * passes to the file system.
     */
    private static final class DigestFile implements OutputFile {
        private final FileSystem fs;
        private final Path path;
        private final MessageDigest digest;
        private OutputStream out;
        private long bytes;

        DigestFile(FileSystem fs, Path path) {
            this.fs = fs;
            this.path = path;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return stream(false);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return stream(true);
        }

        private PositionOutputStream stream(boolean overwrite) throws IOException {
            out = fs.create(path, overwrite);
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return bytes;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    digest.update((byte) b);
                    bytes++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    digest.update(b, off, len);
                    bytes += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return path.toString();
        }

        long bytes() {
            return bytes;
        }

        /** Closes the underlying stream, ignoring errors (the write already failed). */
        void abort() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the file is incomplete either way and no marker will list it
                }
            }
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
