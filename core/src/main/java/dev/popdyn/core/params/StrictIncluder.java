package dev.popdyn.core.params;

import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.net.URL;

/**
 * A HOCON includer for which every {@code include} is required: HOCON ignores a missing included file silently
 * (HOCON spec "Includes": only {@code include required(…)} fails), which would run a config without the settings
 * the user meant to include. Delegates to the library's default includer with {@code allowMissing = false}.
 * Immutable and thread-safe.
 */
final class StrictIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
        ConfigIncluderClasspath {
    private final ConfigIncluder fallback;

    StrictIncluder() {
        this(null);
    }

    private StrictIncluder(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder next) {
        return fallback == null ? new StrictIncluder(next) : this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        return fallback.include(required(context), what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return ((ConfigIncluderFile) fallback).includeFile(required(context), what);
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        return ((ConfigIncluderURL) fallback).includeURL(required(context), what);
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        return ((ConfigIncluderClasspath) fallback).includeResources(required(context), what);
    }

    private static ConfigIncludeContext required(ConfigIncludeContext context) {
        return new ConfigIncludeContext() {
            @Override
            public com.typesafe.config.ConfigParseable relativeTo(String filename) {
                return context.relativeTo(filename);
            }

            @Override
            public ConfigParseOptions parseOptions() {
                return context.parseOptions().setAllowMissing(false);
            }

            @Override
            public ConfigIncludeContext setParseOptions(ConfigParseOptions options) {
                return context.setParseOptions(options);
            }
        };
    }
}
