package dev.popdyn.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.popdyn.core.data.DataSet;
import dev.popdyn.jobs.snapshot.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code model.data} is resolved ({@link DataCache}), without Spark: a relative reference is found only in the
 * run directory it was attached for, wherever that lies; an absolute one (runs written before the data set moved
 * into the run directory) is read as written.
 */
class DataCacheReferenceTest {
    @TempDir
    Path tmp;

    private static Path tinyDataSet(Path file) {
        return new DataSet(new double[] {0, 1, 2, 3}, new int[] {0, 1, 0, 1}, new double[] {4, 5}, new int[] {0, 1},
                1, 2, new double[] {0}, new double[] {1}, "y", List.of("x"), List.of("a", "b")).write(file);
    }

    @Test
    void relativeReferencesAreThoseWithoutARootOrAScheme() {
        assertThat(DataCache.isRelative(".data/iris-0123456789ab.pdds")).isTrue();
        assertThat(DataCache.isRelative("../../.data/iris-0123456789ab.pdds")).isTrue();
        assertThat(DataCache.isRelative("/runs/.data/iris-0123456789ab.pdds")).isFalse();
        assertThat(DataCache.isRelative("hdfs://nn:8020/runs/.data/x.pdds")).isFalse();
        assertThat(DataCache.isRelative("file:/runs/.data/x.pdds")).isFalse();
        assertThat(DataCache.isRelative(null)).isFalse();
    }

    @Test
    void aRelativeReferenceResolvesInTheAttachedRunDirectoryAndAnAbsoluteOneAsWritten() throws Exception {
        String name = "unit-" + UUID.randomUUID() + DataSet.EXTENSION;
        String ref = DataCache.FOLDER + "/" + name;
        Path run = tmp.resolve("moved run");
        assertThatThrownBy(() -> DataSet.resolve(ref)).hasMessageContaining("not found");
        Path file = tinyDataSet(Files.createDirectories(run.resolve(DataCache.FOLDER)).resolve(name));
        DataCache.attach(StoragePath.local(run), ref);
        assertThat(DataSet.resolve(ref)).isEqualTo(file);
        assertThat(DataSet.open(ref).classes()).isEqualTo(2);

        Path oldCache = Files.createDirectories(tmp.resolve("old-cache"));
        Path old = tinyDataSet(oldCache.resolve("old-" + UUID.randomUUID() + DataSet.EXTENSION));
        DataCache.attach(StoragePath.local(run), old.toString());
        assertThat(DataSet.resolve(old.toString())).isEqualTo(old);
    }
}
