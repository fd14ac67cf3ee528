package dev.popdyn.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every id lands in the partition whose [lo(p), lo(p + 1)) range holds it; ranges tile [0, N) in order. */
class IdRangesTest {
    @Test
    void partitionOfEveryIdMatchesItsRange() {
        for (long n : new long[]{1, 2, 7, 10, 500, 4097, 10_000}) {
            for (int parts : new int[]{1, 2, 3, 4, 7, 16, 600}) {
                IdRanges r = new IdRanges(n, parts);
                assertThat(r.lo(0)).isZero();
                assertThat(r.lo(parts)).isEqualTo(n);
                for (int p = 0; p < parts; p++) {
                    assertThat(r.lo(p + 1)).isGreaterThanOrEqualTo(r.lo(p));
                    assertThat(r.lo(p + 1) - r.lo(p)).isLessThanOrEqualTo((n + parts - 1) / parts);
                    for (long id = r.lo(p); id < r.lo(p + 1); id++) {
                        assertThat(r.partition(id)).as("n=%d parts=%d id=%d", n, parts, id).isEqualTo(p);
                    }
                }
            }
        }
    }

    @Test
    void largePopulationsDoNotOverflow() {
        IdRanges r = new IdRanges(Integer.MAX_VALUE, 100_000);
        long last = Integer.MAX_VALUE - 1L;
        int p = r.partition(last);
        assertThat(p).isEqualTo(99_999);
        assertThat(last).isGreaterThanOrEqualTo(r.lo(p)).isLessThan(r.lo(p + 1));
    }

    @Test
    void idsOutsideThePopulationAreRejected() {
        IdRanges r = new IdRanges(10, 3);
        assertThatThrownBy(() -> r.partition(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.partition(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(r).isEqualTo(new IdRanges(10, 3)).isNotEqualTo(new IdRanges(10, 4));
    }
}
