package dev.popdyn.core.params;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a HOCON experiment file plus {@code --set key=value} overrides into a resolved {@link Config}. Every failure
 * becomes an {@link InvalidConfigException} whose key is the file or the override (HOCON syntax errors keep their
 * line number). Stricter than HOCON where its leniency hides mistakes: a key set twice in the file
 * ({@link DuplicateKeys}), a {@code null} value, a missing {@code include} ({@link StrictIncluder}) and a
 * {@code --set} value with a line break are refused. Stateless and thread-safe.
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
            base = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
                    .setIncluder(new StrictIncluder()));
        } catch (ConfigException.IO e) {
            throw new InvalidConfigException(file.toString(), "include not found: " + e.getMessage()
                    .replace(file.toString() + ": ", ""), "every included file exists");
        } catch (ConfigException e) {
            throw new InvalidConfigException(file.toString(), "HOCON syntax error: " + e.getMessage()
                    .replace(file.toString() + ": ", ""), "valid HOCON");
        }
        try {
            DuplicateKeys.check(Files.readString(file), file.getFileName().toString());
        } catch (java.io.IOException e) {
            throw new InvalidConfigException(file.toString(), "config file is not a readable file",
                    "a readable HOCON file");
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
            if (o.indexOf('\n') >= 0 || o.indexOf('\r') >= 0) {
                throw new InvalidConfigException(key.lines().findFirst().orElse(""), "--set value contains a line "
                        + "break", "one key=value per --set, on one line");
            }
            try {
                c = ConfigFactory.parseString(key + " = " + (value.isEmpty() ? "\"\"" : value)).withFallback(c);
            } catch (ConfigException e) {
                throw new InvalidConfigException(key, "cannot parse override '" + o + "': " + e.getMessage(),
                        "key=value in HOCON syntax");
            }
        }
        Config resolved;
        try {
            resolved = c.resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException("config", "cannot resolve: " + e.getMessage(), "valid substitutions");
        }
        rejectNulls(resolved.root(), "");
        return resolved;
    }

    /** A {@code null} value would silently mean "the default"; popdyn asks to omit the key instead. */
    private static void rejectNulls(ConfigObject obj, String prefix) {
        for (Map.Entry<String, ConfigValue> e : new TreeMap<>(obj).entrySet()) {
            String path = prefix + e.getKey();
            ConfigValue v = e.getValue();
            if (v.valueType() == ConfigValueType.NULL) {
                throw new InvalidConfigException(path, "value is null", "a value; omit the key for its default");
            }
            if (v instanceof ConfigObject o) {
                rejectNulls(o, path + ".");
            }
        }
    }
}
