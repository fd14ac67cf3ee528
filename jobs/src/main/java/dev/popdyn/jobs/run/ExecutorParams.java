package dev.popdyn.jobs.run;

import com.typesafe.config.ConfigFactory;
import dev.popdyn.core.params.ExperimentParams;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds {@link ExperimentParams} on executors from the rendered config text shipped in closures (the params hold
 * operators that are not serialisable), once per JVM and text. Thread-safe.
 */
public final class ExecutorParams {
    private static final ConcurrentHashMap<String, ExperimentParams> CACHE = new ConcurrentHashMap<>();

    private ExecutorParams() {
    }

    public static ExperimentParams of(String configText) {
        return CACHE.computeIfAbsent(configText, t -> ExperimentParams.fromConfig(ConfigFactory.parseString(t)));
    }
}
