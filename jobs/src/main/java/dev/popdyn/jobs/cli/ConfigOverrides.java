package dev.popdyn.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Picocli mixin: the repeatable {@code --set KEY=VALUE} overrides of a config. Not thread-safe. */
final class ConfigOverrides {
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key, VALUE in HOCON syntax "
            + "(repeatable; later ones win)")
    List<String> sets = new ArrayList<>();
}
