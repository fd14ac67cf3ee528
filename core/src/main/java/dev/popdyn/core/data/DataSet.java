package dev.popdyn.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A standardised numeric classification data set held in flat arrays, and the one class that owns its binary file
 * format ({@code .pdds}, "popdyn data set"). Rows are split into a training section (minibatches) and a validation
 * section (fitness); features are already standardised, x' = (x − mean)/scale with the training-split mean and
 * standard deviation stored in the file (scale = 1 for a constant column), so a model trained here applies to raw
 * data after the same map. Labels are class indices 0..K−1; the original label values are kept as text.
 *
 * <p><b>File layout</b> (all numbers little-endian; version {@value #VERSION}):
 * <pre>
 * offset  bytes        field
 *      0      8        magic "POPDYNDS" (ASCII)
 *      8      4        int32  format version (= 1)
 *     12      4        int32  flags (0; reserved)
 *     16      8        int64  nTrain, training rows
 *     24      8        int64  nValidation, validation rows
 *     32      4        int32  p, features per row
 *     36      4        int32  K, classes (≥ 2)
 *     40     32        SHA-256 of the payload (every byte after offset 72)
 *     72               payload:
 *            4         int32  byte length L of the names block
 *            L         UTF-8 names block: line 1 the label column, line 2 the p feature names, line 3 the K
 *                      label values of classes 0..K−1 (fields separated by TAB, lines by LF)
 *            8·p       float64 mean[p]
 *            8·p       float64 scale[p]
 *            8·nTrain·p      float64 training features, row-major
 *            4·nTrain        int32   training labels
 *            8·nValidation·p float64 validation features, row-major
 *            4·nValidation   int32   validation labels
 * </pre>
 * A file is at most {@link #MAX_BYTES} (2 GiB) long, so every array fits a Java array and a JVM can hold it; larger
 * data sets are refused with a message naming the size.
 *
 * <p><b>Loading</b>: {@link #open(String)} resolves the path (as given, else through the {@link DataLocator}
 * services, e.g. Spark's {@code SparkFiles} on executors), reads the 72-byte header and keeps one instance per JVM
 * per (real path, payload SHA-256); the payload hash is verified on the first load. Instances are immutable after
 * construction (the arrays are never written) and thread-safe; the cache is a concurrent map.
 */
public final class DataSet {
    /** The magic bytes at offset 0. */
    public static final String MAGIC = "POPDYNDS";
    /** The format version written by this class. */
    public static final int VERSION = 1;
    /** Header length in bytes. */
    public static final int HEADER_BYTES = 72;
    /** The largest file accepted or written: 2 GiB. */
    public static final long MAX_BYTES = 1L << 31;
    /** The usual file extension. */
    public static final String EXTENSION = ".pdds";

    private static final ConcurrentHashMap<String, DataSet> CACHE = new ConcurrentHashMap<>();
    private static final int CHUNK = 1 << 16;

    private final int nTrain;
    private final int nValidation;
    private final int features;
    private final int classes;
    private final double[] trainX;
    private final int[] trainY;
    private final double[] validationX;
    private final int[] validationY;
    private final double[] mean;
    private final double[] scale;
    private final String labelName;
    private final List<String> featureNames;
    private final List<String> classNames;
    private volatile String sha256;

    /**
     * A data set from standardised features ({@code trainX} nTrain×p and {@code validationX} nValidation×p,
     * row-major), labels in [0, K), the standardisation statistics and names. The arrays are kept, not copied.
     */
    public DataSet(double[] trainX, int[] trainY, double[] validationX, int[] validationY, int features,
            int classes, double[] mean, double[] scale, String labelName, List<String> featureNames,
            List<String> classNames) {
        if (features < 1 || classes < 2) {
            throw new IllegalArgumentException("need at least 1 feature and 2 classes");
        }
        if (trainX.length != (long) trainY.length * features || validationX.length != (long) validationY.length
                * features) {
            throw new IllegalArgumentException("feature arrays do not match labels × " + features);
        }
        if (trainY.length == 0 || validationY.length == 0) {
            throw new IllegalArgumentException("both the training and the validation section need rows");
        }
        if (mean.length != features || scale.length != features || featureNames.size() != features
                || classNames.size() != classes) {
            throw new IllegalArgumentException("statistics or names do not match " + features + " features, "
                    + classes + " classes");
        }
        checkLabels(trainY, classes);
        checkLabels(validationY, classes);
        this.nTrain = trainY.length;
        this.nValidation = validationY.length;
        this.features = features;
        this.classes = classes;
        this.trainX = trainX;
        this.trainY = trainY;
        this.validationX = validationX;
        this.validationY = validationY;
        this.mean = mean;
        this.scale = scale;
        this.labelName = labelName;
        this.featureNames = List.copyOf(featureNames);
        this.classNames = List.copyOf(classNames);
    }

    private static void checkLabels(int[] y, int classes) {
        for (int v : y) {
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException("label " + v + " outside [0, " + classes + ")");
            }
        }
    }

    /** The file size of a data set of these dimensions with a names block of {@code nameBytes} bytes. */
    public static long fileBytes(long nTrain, long nValidation, int features, int nameBytes) {
        return HEADER_BYTES + 4L + nameBytes + 16L * features + (nTrain + nValidation) * (8L * features + 4L);
    }

    public int trainRows() {
        return nTrain;
    }

    public int validationRows() {
        return nValidation;
    }

    /** p, features per row. */
    public int features() {
        return features;
    }

    /** K, the number of classes. */
    public int classes() {
        return classes;
    }

    /** Training features, nTrain×p row-major (shared; do not modify). */
    public double[] trainX() {
        return trainX;
    }

    /** Training labels (shared; do not modify). */
    public int[] trainY() {
        return trainY;
    }

    /** Validation features, nValidation×p row-major (shared; do not modify). */
    public double[] validationX() {
        return validationX;
    }

    /** Validation labels (shared; do not modify). */
    public int[] validationY() {
        return validationY;
    }

    /** Training-split mean of each raw feature. */
    public double[] mean() {
        return mean.clone();
    }

    /** Scale (training-split standard deviation, 1 for a constant column) of each raw feature. */
    public double[] scale() {
        return scale.clone();
    }

    public String labelName() {
        return labelName;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** The original label value of each class index. */
    public List<String> classNames() {
        return classNames;
    }

    private byte[] namesBlock() {
        String text = labelName + "\n" + String.join("\t", featureNames) + "\n" + String.join("\t", classNames);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 of the payload, lower-case hex (the value stored in the header). */
    public String sha256() {
        String s = sha256;
        if (s == null) {
            MessageDigest md = sha();
            try (OutputStream os = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
                writePayload(os);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            s = HexFormat.of().formatHex(md.digest());
            sha256 = s;
        }
        return s;
    }

    /**
     * Writes this data set to {@code file} (through a temporary file in the same directory, moved into place), and
     * returns the file. Throws {@link IllegalArgumentException} if the file would exceed {@link #MAX_BYTES}.
     */
    public Path write(Path file) {
        byte[] names = namesBlock();
        long bytes = fileBytes(nTrain, nValidation, features, names.length);
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("data set of " + bytes + " bytes exceeds the limit of " + MAX_BYTES
                    + " bytes (2 GiB)");
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".popdyn-data", ".tmp");
            try {
                MessageDigest md = sha();
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.position(HEADER_BYTES);
                    OutputStream os = new DigestOutputStream(new BufferedOutputStream(
                            java.nio.channels.Channels.newOutputStream(ch), CHUNK), md);
                    writePayload(os);
                    os.flush();
                    byte[] digest = md.digest();
                    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    h.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putInt(0).putLong(nTrain)
                            .putLong(nValidation).putInt(features).putInt(classes).put(digest).flip();
                    ch.position(0);
                    while (h.hasRemaining()) {
                        ch.write(h);
                    }
                    sha256 = HexFormat.of().formatHex(digest);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write data set " + file + ": " + e.getMessage(), e);
        }
    }

    private void writePayload(OutputStream os) throws IOException {
        byte[] names = namesBlock();
        ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(names.length);
        flush(b, os);
        os.write(names);
        writeDoubles(mean, b, os);
        writeDoubles(scale, b, os);
        writeDoubles(trainX, b, os);
        writeInts(trainY, b, os);
        writeDoubles(validationX, b, os);
        writeInts(validationY, b, os);
    }

    private static void flush(ByteBuffer b, OutputStream os) throws IOException {
        os.write(b.array(), 0, b.position());
        b.clear();
    }

    private static void writeDoubles(double[] a, ByteBuffer b, OutputStream os) throws IOException {
        for (double x : a) {
            if (b.remaining() < 8) {
                flush(b, os);
            }
            b.putDouble(x);
        }
        flush(b, os);
    }

    private static void writeInts(int[] a, ByteBuffer b, OutputStream os) throws IOException {
        for (int x : a) {
            if (b.remaining() < 4) {
                flush(b, os);
            }
            b.putInt(x);
        }
        flush(b, os);
    }

    /** The header fields of a data set file. */
    public record Header(long trainRows, long validationRows, int features, int classes, String sha256) {
    }

    /** Reads and checks the 72-byte header of {@code file}. */
    public static Header readHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] h = in.readNBytes(HEADER_BYTES);
            return parseHeader(file, h, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data set " + file + ": " + e.getMessage(), e);
        }
    }

    private static Header parseHeader(Path file, byte[] h, long size) {
        if (h.length < HEADER_BYTES || !new String(h, 0, 8, StandardCharsets.US_ASCII).equals(MAGIC)) {
            throw new IllegalArgumentException(file + ": not a popdyn data set (magic " + MAGIC + " missing)");
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int version = b.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(file + ": data set format version " + version + " (this popdyn reads "
                    + VERSION + ")");
        }
        b.getInt();
        long nt = b.getLong();
        long nv = b.getLong();
        int p = b.getInt();
        int k = b.getInt();
        byte[] digest = new byte[32];
        b.get(digest);
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException(file + ": " + size + " bytes exceeds the limit of " + MAX_BYTES
                    + " bytes (2 GiB)");
        }
        if (nt < 1 || nv < 1 || p < 1 || k < 2 || fileBytes(nt, nv, p, 0) > size) {
            throw new IllegalArgumentException(file + ": corrupt data set header (nTrain " + nt + ", nValidation "
                    + nv + ", p " + p + ", K " + k + ", file " + size + " bytes)");
        }
        return new Header(nt, nv, p, k, HexFormat.of().formatHex(digest));
    }

    /** Reads {@code file} without the cache, verifying the payload hash. */
    public static DataSet read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
            Header hd = parseHeader(file, raw.readNBytes(HEADER_BYTES), Files.size(file));
            MessageDigest md = sha();
            DataInputStream in = new DataInputStream(new DigestInputStream(raw, md));
            byte[] buf = new byte[CHUNK];
            ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            in.readFully(buf, 0, 4);
            int nameLen = bb.getInt(0);
            if (nameLen < 0 || nameLen > Files.size(file)) {
                throw new IllegalArgumentException(file + ": corrupt names block length " + nameLen);
            }
            byte[] nameBytes = new byte[nameLen];
            in.readFully(nameBytes);
            String[] lines = new String(nameBytes, StandardCharsets.UTF_8).split("\n", -1);
            int p = hd.features();
            int nt = (int) hd.trainRows();
            int nv = (int) hd.validationRows();
            double[] mean = readDoubles(in, p, buf, bb);
            double[] scale = readDoubles(in, p, buf, bb);
            double[] tx = readDoubles(in, nt * p, buf, bb);
            int[] ty = readInts(in, nt, buf, bb);
            double[] vx = readDoubles(in, nv * p, buf, bb);
            int[] vy = readInts(in, nv, buf, bb);
            String sha = HexFormat.of().formatHex(md.digest());
            if (!sha.equals(hd.sha256())) {
                throw new IllegalArgumentException(file + ": payload SHA-256 " + sha + " does not match the header's "
                        + hd.sha256() + " (file corrupt or truncated)");
            }
            if (lines.length != 3) {
                throw new IllegalArgumentException(file + ": corrupt names block (" + lines.length + " lines)");
            }
            DataSet ds = new DataSet(tx, ty, vx, vy, p, hd.classes(), mean, scale, lines[0], split(lines[1]),
                    split(lines[2]));
            ds.sha256 = sha;
            return ds;
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": data set file is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data set " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> split(String line) {
        return new ArrayList<>(Arrays.asList(line.split("\t", -1)));
    }

    private static double[] readDoubles(DataInputStream in, int n, byte[] buf, ByteBuffer bb) throws IOException {
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            int k = Math.min(n - i, buf.length / 8);
            in.readFully(buf, 0, 8 * k);
            bb.clear();
            bb.asDoubleBuffer().get(out, i, k);
            i += k;
        }
        return out;
    }

    private static int[] readInts(DataInputStream in, int n, byte[] buf, ByteBuffer bb) throws IOException {
        int[] out = new int[n];
        int i = 0;
        while (i < n) {
            int k = Math.min(n - i, buf.length / 4);
            in.readFully(buf, 0, 4 * k);
            bb.clear();
            bb.asIntBuffer().get(out, i, k);
            i += k;
        }
        return out;
    }

    /**
     * The data set at {@code path}, loaded once per JVM per (real path, payload SHA-256). The path is used as given
     * when it names a file; otherwise each {@link DataLocator} service is asked for its file name (Spark executors
     * find files shipped with {@code SparkContext.addFile} this way). Throws {@link IllegalArgumentException} if no
     * file is found or it is not a valid data set.
     */
    public static DataSet open(String path) {
        Path file = resolve(path);
        Header h = readHeader(file);
        String key;
        try {
            key = file.toRealPath() + "#" + h.sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CACHE.computeIfAbsent(key, k -> read(file));
    }

    /** Where {@code path} is found: the path itself if it is a file, else the first {@link DataLocator} hit. */
    public static Path resolve(String path) {
        Path p = Path.of(path);
        if (Files.isRegularFile(p)) {
            return p;
        }
        String name = p.getFileName() == null ? path : p.getFileName().toString();
        for (DataLocator l : ServiceLoader.load(DataLocator.class, DataSet.class.getClassLoader())) {
            Path q = l.locate(name);
            if (q != null && Files.isRegularFile(q)) {
                return q;
            }
        }
        throw new IllegalArgumentException("data set file " + path + " not found");
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
