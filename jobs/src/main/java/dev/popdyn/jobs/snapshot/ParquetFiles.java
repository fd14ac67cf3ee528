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
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes Parquet files of the run directory with parquet-mr's own column writers and file writer (the pieces
 * parquet-hadoop's {@code ParquetWriter} is built from: {@link ColumnWriteStore} → {@link ColumnChunkPageWriteStore}
 * → {@link ParquetFileWriter}), fed leaf by leaf through {@link Columns} instead of through the record-assembly
 * layer ({@code RecordConsumer}), whose per-field bookkeeping made writing ~1.5× as expensive in CPU for the same
 * bytes (BENCHMARKS.md, "Snapshot files"); without Spark and without a Hadoop output committer: a file is created
 * through the Hadoop {@link FileSystem} of its URI (any Hadoop file system; the local one without {@code .crc} side
 * files, as {@link StoragePath}), and every byte handed to the file system also goes through a SHA-256 digest, so the file's
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

        /** Emits {@code row} as the values of one record, one call of {@code out} per schema field, in order. */
        void write(Columns out, T row);
    }

    /**
     * The leaf columns of one record, filled in schema order: each call writes the next top-level field (a scalar
     * leaf, a struct's leaves or a list's leaf) with the repetition and definition levels of the Dremel encoding —
     * a present value at its leaf's maximum definition level; a null optional field at level 0; a list
     * ({@code optional group (LIST) { repeated group list { required double element } }}, Spark's layout) as its
     * elements at repetition level 0 then 1, an empty list at definition level 1. Not thread-safe.
     */
    public static final class Columns {
        private final ColumnWriter[] writers;
        private final int[] maxDefinition;
        private int leaf;

        private Columns(ColumnWriteStore store, MessageType schema) {
            List<ColumnDescriptor> leaves = schema.getColumns();
            writers = new ColumnWriter[leaves.size()];
            maxDefinition = new int[leaves.size()];
            for (int i = 0; i < writers.length; i++) {
                writers[i] = store.getColumnWriter(leaves.get(i));
                maxDefinition[i] = leaves.get(i).getMaxDefinitionLevel();
            }
        }

        /** A present INT64 field. */
        public void putLong(long v) {
            int i = leaf++;
            writers[i].write(v, 0, maxDefinition[i]);
        }

        /** A present INT32 field. */
        public void putInt(int v) {
            int i = leaf++;
            writers[i].write(v, 0, maxDefinition[i]);
        }

        /** A present DOUBLE field. */
        public void putDouble(double v) {
            int i = leaf++;
            writers[i].write(v, 0, maxDefinition[i]);
        }

        /** A present BINARY field. */
        public void putBinary(Binary v) {
            int i = leaf++;
            writers[i].write(v, 0, maxDefinition[i]);
        }

        /** A null optional scalar field or null list. */
        public void putNull() {
            writers[leaf++].writeNull(0, 0);
        }

        /** A present struct of {@code v.length} required doubles, in its fields' order. */
        public void putStruct(double[] v) {
            for (double x : v) {
                putDouble(x);
            }
        }

        /** A list of doubles (Spark's 3-level layout); null when {@code v} is null. */
        public void putDoubles(double[] v) {
            if (v == null) {
                putNull();
                return;
            }
            int i = leaf++;
            ColumnWriter w = writers[i];
            int d = maxDefinition[i];
            if (v.length == 0) {
                w.writeNull(0, d - 1);
                return;
            }
            w.write(v[0], 0, d);
            for (int j = 1; j < v.length; j++) {
                w.write(v[j], 1, d);
            }
        }

        private Columns next() {
            leaf = 0;
            return this;
        }
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
        private final Layout<T> layout;
        private final Format format;
        private final ParquetProperties props;
        private final CodecFactory codecs;
        private final ParquetFileWriter writer;
        private ColumnChunkPageWriteStore pages;
        private ColumnWriteStore columns;
        private Columns cursor;
        private long rows;
        private long rowsInGroup;
        private WrittenFile facts;

        private Sink(String table, String name, DigestFile file, Layout<T> layout, Format format, Configuration conf)
                throws IOException {
            this.table = table;
            this.name = name;
            this.file = file;
            this.layout = layout;
            this.format = format;
            this.props = ParquetProperties.builder().withDictionaryEncoding(format.dictionary()).build();
            this.codecs = new CodecFactory(conf, props.getPageSizeThreshold());
            this.writer = new ParquetFileWriter(file, layout.schema(), ParquetFileWriter.Mode.OVERWRITE,
                    format.rowGroupBytes(), 0, null, props);
            writer.start();
            startRowGroup();
        }

        /** Appends one row. */
        public void add(T row) {
            layout.write(cursor.next(), row);
            columns.endRecord();
            rows++;
            rowsInGroup++;
            if (rowsInGroup % ROW_GROUP_CHECK == 0 && columns.getBufferedSize() >= format.rowGroupBytes()) {
                io(this::endRowGroup);
                startRowGroup();
            }
        }

        /** Writes the footer, closes the file and returns its facts. */
        public WrittenFile finish() {
            io(() -> {
                endRowGroup();
                writer.end(Map.of());
            });
            codecs.release();
            facts = new WrittenFile(table, name, rows, file.bytes(), file.sha256());
            return facts;
        }

        /** Closes the stream of an unfinished file (a no-op after {@link #finish}). */
        @Override
        public void close() {
            if (facts == null) {
                codecs.release();
                file.abort();
            }
        }

        private void startRowGroup() {
            pages = new ColumnChunkPageWriteStore(codecs.getCompressor(format.codec()), layout.schema(),
                    props.getAllocator(), props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
            columns = props.newColumnWriteStore(layout.schema(), pages, pages);
            cursor = new Columns(columns, layout.schema());
        }

        /** Flushes the buffered row group (if it has rows) into the file, as parquet-hadoop's record writer does. */
        private void endRowGroup() throws IOException {
            if (rowsInGroup > 0) {
                writer.startBlock(rowsInGroup);
                columns.flush();
                pages.flushToFileWriter(writer);
                writer.endBlock();
                rowsInGroup = 0;
            }
            columns.close();
            pages.close();
        }

        private void io(IoRunnable r) {
            try {
                r.run();
            } catch (IOException e) {
                throw new UncheckedIOException(file.path + ": " + e.getMessage(), e);
            }
        }
    }

    /** Rows between two checks of the buffered row-group size (the check sums over every column). */
    private static final int ROW_GROUP_CHECK = 1024;

    private interface IoRunnable {
        void run() throws IOException;
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
            return new Sink<>(table, name, new DigestFile(fs, path), layout, format, conf);
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
