package dev.popdyn.core.params;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a HOCON experiment file plus {@code --set key=value} overrides into a resolved {@link Config}. Every failure
 * becomes an {@link InvalidConfigException} whose key is the file or the override (HOCON syntax errors keep their
 * line number). Stateless and thread-safe.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Loads {@code file} with {@code overrides} ("key=value", later ones win) applied on top. */
    public static Config load(Path file, List<String> overrides) {
        if (!Files.exists(file)) {
            throw new InvalidConfigException(file.toString(), "config file not found", "an existing HOCON file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidConfigException(file.toString(), "config file is not a readable file",
                    "a readable HOCON file");
        }
        Config base;
        try {
            base = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new InvalidConfigException(file.toString(), "HOCON syntax error: " + e.getMessage()
                    .replace(file.toString() + ": ", ""), "valid HOCON");
        }
        return applyOverrides(base, overrides);
    }

    /** Applies "key=value" overrides (HOCON value syntax) to {@code base} and resolves substitutions. */
    public static Config applyOverrides(Config base, List<String> overrides) {
        Config c = base;
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new InvalidConfigException("--set " + o, "expected key=value", "e.g. --set population=1000");
            }
            String key = o.substring(0, eq).trim();
            String value = o.substring(eq + 1).trim();
            try {
                c = ConfigFactory.parseString(key + " = " + (value.isEmpty() ? "\"\"" : value)).withFallback(c);
            } catch (ConfigException e) {
                throw new InvalidConfigException(key, "cannot parse override '" + o + "': " + e.getMessage(),
                        "key=value in HOCON syntax");
            }
        }
        try {
            return c.resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException("config", "cannot resolve: " + e.getMessage(), "valid substitutions");
        }
    }
}
