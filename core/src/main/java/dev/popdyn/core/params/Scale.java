package dev.popdyn.core.params;

/** How a hyperparameter coordinate maps to normalised coordinates u ∈ [−1, 1]: linearly or through log10. */
public enum Scale {
    LINEAR, LOG
}
