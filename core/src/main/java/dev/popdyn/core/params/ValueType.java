package dev.popdyn.core.params;

/** The kind of values a hyperparameter coordinate takes. */
public enum ValueType {
    /** Any real number in [lo, hi]. */
    REAL,
    /** Integers in [lo, hi]; perturbations round to nearest (never truncate, which would make 0 absorbing). */
    INT,
    /** One of a finite, ordered list of levels; mutation moves to an adjacent level. */
    CATEGORICAL
}
