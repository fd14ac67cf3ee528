package dev.popdyn.core.meanfield;

import dev.popdyn.core.params.HyperSpace;

/**
 * The product of two {@link MeanFieldGrid1D} axes, for a two-coordinate hyperparameter box (docs/design.md §1.5). Cell
 * (i, j) — i along the first axis, j along the second — is stored at flat index {@code i * ny + j} (row-major,
 * second axis contiguous) in every array of the 2-D solver. Immutable and thread-safe.
 */
public final class MeanFieldGrid2D {
    private final MeanFieldGrid1D x;
    private final MeanFieldGrid1D y;

    public MeanFieldGrid2D(MeanFieldGrid1D x, MeanFieldGrid1D y) {
        if ((long) x.cells() * y.cells() > 50_000_000L) {
            throw new IllegalArgumentException("grid too large: " + x.cells() + " x " + y.cells());
        }
        this.x = x;
        this.y = y;
    }

    /** A grid over the two coordinates of {@code space}, in its (name-sorted) order. */
    public static MeanFieldGrid2D of(HyperSpace space, int cellsX, int cellsY) {
        if (space.size() != 2) {
            throw new IllegalArgumentException("need exactly 2 hyperparameter coordinates, got " + space.names());
        }
        return new MeanFieldGrid2D(MeanFieldGrid1D.of(space.dim(0), cellsX), MeanFieldGrid1D.of(space.dim(1),
                cellsY));
    }

    /** The first axis (index i). */
    public MeanFieldGrid1D x() {
        return x;
    }

    /** The second axis (index j). */
    public MeanFieldGrid1D y() {
        return y;
    }

    /** The number of cells nx·ny. */
    public int size() {
        return x.cells() * y.cells();
    }

    /** The flat index of cell (i, j). */
    public int index(int i, int j) {
        return i * y.cells() + j;
    }

    /** The area of one cell in axis units. */
    public double cellArea() {
        return x.width() * y.width();
    }

    @Override
    public String toString() {
        return "MeanFieldGrid2D{" + x + " x " + y + "}";
    }
}
