package dev.popdyn.jobs.cli;

import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;

/** Helpers shared by the commands: loading a config with overrides into validated parameters. Stateless. */
final class Common {
    private Common() {
    }

    /** A validated experiment with its execution settings. */
    record Loaded(ExperimentParams params, ExecutionParams exec) {
    }

    static Loaded load(Path conf, List<String> sets) {
        Config c = ConfigLoader.load(conf, sets);
        return new Loaded(ExperimentParams.fromConfig(c), ExecutionParams.fromConfig(c));
    }
}
