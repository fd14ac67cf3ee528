package dev.popdyn.jobs.cli;

import dev.popdyn.core.dynamics.Dynamics;
import dev.popdyn.core.engine.Trajectory;
import dev.popdyn.core.fitness.Estimators;
import dev.popdyn.core.model.ModelFactory;
import dev.popdyn.core.model.Models;
import dev.popdyn.core.mutate.Mutations;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.Key;
import dev.popdyn.core.params.Keys;
import dev.popdyn.core.params.OperatorFactory;
import dev.popdyn.core.params.Registry;
import dev.popdyn.core.select.Selections;
import dev.popdyn.jobs.UserError;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code popdyn explain [MODEL]}: every config key with its doc, default and allowed range, generated from the same
 * {@link Key} objects that validate configs, and every model and operator from its registry.
 */
@Command(name = "explain", description = "List every config key: doc, default, allowed range.")
final class ExplainCommand implements Callable<Integer> {
    @ParentCommand
    PopdynCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "also list this model's keys")
    String model;

    @Override
    public Integer call() {
        PrintStream out = root.out();
        if (model != null && Models.factory(model) == null) {
            throw new UserError("model: unknown model '" + model + "' (one of " + String.join(", ", Models.names())
                    + ")");
        }
        section(out, "Experiment keys (hashed into config_sha256)", Keys.general());
        out.println();
        out.println("Hyperparameter coordinates");
        for (String[] row : Keys.hyperDocs()) {
            out.printf("  %-30s %s%n  %-30s default %s; allowed %s%n", row[0], row[1], "", row[2], row[3]);
        }
        out.println();
        section(out, "Data keys (models logistic and mlp; the data set is prepared once per run)",
                dev.popdyn.core.data.DataSpec.keys());
        out.println();
        section(out, "Trajectory keys (hashed only when > 0)", List.of(Trajectory.EVERY));
        out.println();
        section(out, "Execution keys (not hashed)", ExecutionParams.keys());
        out.println();
        out.println("Models");
        for (String name : Models.names()) {
            out.printf("  %-12s %s%n", name, Models.factory(name).description());
        }
        operators(out, "Fast dynamics (fast.dynamics; gibbs and dqn follow from algorithm and model)",
                Dynamics.registry());
        operators(out, "Fitness estimators (fitness.estimator)", Estimators.registry());
        operators(out, "Selection rules (selection.rule)", Selections.registry());
        operators(out, "Mutation kernels (mutation.boundary)", Mutations.registry());
        List<String> shown = model != null ? List.of(model) : Models.names();
        for (String name : shown) {
            ModelFactory f = Models.factory(name);
            if (!f.keys().isEmpty()) {
                out.println();
                section(out, "Keys of model " + name, f.keys());
            }
        }
        return 0;
    }

    private static void operators(PrintStream out, String title, Registry<?> registry) {
        out.println();
        out.println(title);
        for (OperatorFactory<?> f : registry.factories()) {
            out.printf("  %-12s %s%n", f.name(), f.summary());
        }
    }

    private static void section(PrintStream out, String title, List<Key<?>> keys) {
        out.println(title);
        for (Key<?> k : keys) {
            out.printf("  %-30s %s%n  %-30s default %s; allowed %s%n", k.path(), k.doc(), "", k.defaultText(),
                    k.allowed());
        }
    }
}
