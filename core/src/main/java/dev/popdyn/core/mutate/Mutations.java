package dev.popdyn.core.mutate;

import dev.popdyn.core.params.BuildContext;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.Registry;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of mutation kernels by {@code mutation.boundary} (docs/design.md §1.3), and {@code mutation.mode},
 * which says which agents are mutated. Each kernel declares its own keys and factory next to its class; adding one
 * is its class plus one line here. Thread-safe (filled once, read-only).
 */
public final class Mutations {
    private static final Registry<Mutation> REGISTRY = new Registry<>(GaussianMutation.REFLECTING,
            GaussianMutation.CLIPPING);

    /** {@code mutation.boundary}: the registered kernels, the first is the default. */
    public static final Key.Choice BOUNDARY = new Key.Choice("mutation.boundary", String.join(" or ",
            REGISTRY.factories().stream().map(f -> f.name() + " (" + f.summary() + ")").toList()) + " at the bounds",
            "reflect", REGISTRY.names());
    /** {@code mutation.mode}: recipients (PBT) or all (replicator–mutator). */
    public static final Key.Choice MODE = new Key.Choice("mutation.mode", "recipients: mutate only agents that "
            + "exploited (PBT); all: mutate every agent (replicator–mutator)", "recipients",
            List.of("recipients", "all"));

    private Mutations() {
    }

    /** The registered kernels. */
    public static Registry<Mutation> registry() {
        return REGISTRY;
    }

    /** {@link #BOUNDARY}, every kernel's keys and {@link #MODE}, in documentation order. */
    public static List<Key<?>> keys() {
        List<Key<?>> out = new ArrayList<>(List.of(BOUNDARY));
        out.addAll(REGISTRY.keys());
        out.add(MODE);
        return out;
    }

    /** The kernel named by {@code mutation.boundary}, built from its keys (all hashed). */
    public static Mutation create(BuildContext context) {
        return REGISTRY.get(context.resolve(BOUNDARY)).create(context);
    }

    /** Whether every agent is mutated each generation ({@code mutation.mode = all}; hashed). */
    public static boolean mutateAll(BuildContext context) {
        return context.resolve(MODE).equals("all");
    }
}
