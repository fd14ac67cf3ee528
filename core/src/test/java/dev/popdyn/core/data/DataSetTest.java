package dev.popdyn.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsEveryFieldAndKeepsTheHash() throws Exception {
        DataSet ds = TestData.gaussian(37, 11, 3, 4, 5);
        Path f = ds.write(tmp.resolve("a.pdds"));
        assertThat(Files.size(f)).isEqualTo(DataSet.fileBytes(37, 11, 3, "y\nx0\tx1\tx2\nc0\tc1\tc2\tc3".length()));
        DataSet back = DataSet.read(f);
        assertThat(back.trainRows()).isEqualTo(37);
        assertThat(back.validationRows()).isEqualTo(11);
        assertThat(back.features()).isEqualTo(3);
        assertThat(back.classes()).isEqualTo(4);
        assertThat(back.trainX()).containsExactly(ds.trainX());
        assertThat(back.trainY()).containsExactly(ds.trainY());
        assertThat(back.validationX()).containsExactly(ds.validationX());
        assertThat(back.validationY()).containsExactly(ds.validationY());
        assertThat(back.featureNames()).containsExactly("x0", "x1", "x2");
        assertThat(back.classNames()).containsExactly("c0", "c1", "c2", "c3");
        assertThat(back.labelName()).isEqualTo("y");
        assertThat(back.sha256()).isEqualTo(ds.sha256()).isEqualTo(DataSet.readHeader(f).sha256());
    }

    @Test
    void openCachesPerPathAndContent() {
        Path f = TestData.gaussian(20, 5, 2, 2, 1).write(tmp.resolve("b.pdds"));
        DataSet a = DataSet.open(f.toString());
        assertThat(DataSet.open(f.toString())).isSameAs(a);
        TestData.gaussian(20, 5, 2, 2, 2).write(f);
        DataSet c = DataSet.open(f.toString());
        assertThat(c).isNotSameAs(a);
        assertThat(c.sha256()).isNotEqualTo(a.sha256());
    }

    @Test
    void rejectsCorruptTruncatedForeignAndMissingFiles() throws Exception {
        Path f = TestData.gaussian(20, 5, 2, 2, 1).write(tmp.resolve("c.pdds"));
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(200);
            raf.write(0x5a);
        }
        assertThatThrownBy(() -> DataSet.read(f)).hasMessageContaining("SHA-256");
        Path g = tmp.resolve("d.pdds");
        Files.write(g, "not a data set at all, but long enough to hold a header of 72 bytes......".getBytes());
        assertThatThrownBy(() -> DataSet.read(g)).hasMessageContaining("magic");
        Path h = TestData.gaussian(20, 5, 2, 2, 1).write(tmp.resolve("e.pdds"));
        byte[] bytes = Files.readAllBytes(h);
        Files.write(h, java.util.Arrays.copyOf(bytes, bytes.length - 9));
        assertThatThrownBy(() -> DataSet.read(h)).hasMessageContaining("e.pdds");
        assertThatThrownBy(() -> DataSet.open(tmp.resolve("nope.pdds").toString()))
                .hasMessageContaining("not found");
    }

    @Test
    void sizeOfTheLimit() {
        assertThat(DataSet.MAX_BYTES).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(DataSet.fileBytes(50_000_000, 10_000_000, 4, 0)).isGreaterThan(DataSet.MAX_BYTES);
    }

    @Test
    void splitRuleIsAPureFunctionWithTheRequestedFraction() {
        int n = 200_000;
        int val = 0;
        for (int i = 0; i < n; i++) {
            if (DataSplit.isValidation(7, i, 0.2)) {
                val++;
            }
        }
        assertThat((double) val / n).isCloseTo(0.2, within(4 * Math.sqrt(0.16 / n)));
        assertThat(DataSplit.uniform(7, 12345)).isEqualTo(DataSplit.uniform(7, 12345))
                .isNotEqualTo(DataSplit.uniform(8, 12345));
    }
}
