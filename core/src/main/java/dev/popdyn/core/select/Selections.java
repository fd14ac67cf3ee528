package dev.popdyn.core.select;

import dev.popdyn.core.params.BuildContext;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.params.Registry;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of selection rules by {@code selection.rule} (docs/design.md §1.2). Each rule declares its own keys
 * and factory next to its class; adding a rule is its class plus one line here (and, to run on Spark, its plan in
 * {@code dev.popdyn.jobs.run.SparkSelection}). Thread-safe (filled once, read-only).
 */
public final class Selections {
    private static final Registry<Selection> REGISTRY = new Registry<>(TruncationSelection.FACTORY,
            BoltzmannSelection.FACTORY, TournamentSelection.FACTORY, TTestSelection.FACTORY, NoSelection.FACTORY);

    /** {@code selection.rule}: the registered rules, the first is the default. */
    public static final Key.Choice RULE = new Key.Choice("selection.rule", String.join(" | ",
            REGISTRY.factories().stream().map(OperatorFactory::summary).toList()), "truncation", REGISTRY.names());

    private Selections() {
    }

    /** The registered rules. */
    public static Registry<Selection> registry() {
        return REGISTRY;
    }

    /** {@link #RULE} and every rule's keys, in documentation order. */
    public static List<Key<?>> keys() {
        List<Key<?>> out = new ArrayList<>(List.of(RULE));
        out.addAll(REGISTRY.keys());
        return out;
    }

    /** The rule named by {@code selection.rule}, built from its keys (the rule and its keys are hashed). */
    public static Selection create(BuildContext context) {
        return REGISTRY.get(context.resolve(RULE)).create(context);
    }
}
