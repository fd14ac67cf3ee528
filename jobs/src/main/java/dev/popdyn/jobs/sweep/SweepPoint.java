package dev.popdyn.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a sweep: the varied values by key (axis order), the seed and the merged (unvalidated) experiment
 * config. Its {@link #key()} is the readable run name {@code k1=v1,k2=v2,seed=S}, numbers in plain decimal
 * ({@code 0.0001}, not {@code 1.0E-4}), and {@link #dirName()} the same made safe for file systems. Immutable and
 * thread-safe.
 */
public record SweepPoint(Map<String, ConfigValue> values, long seed, Config config) {
    private static final int MAX_NAME = 200;

    public SweepPoint {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The readable key, e.g. {@code fast.temperature=0.1,selection.fraction=0.2,seed=1}. */
    public String key() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ConfigValue> e : values.entrySet()) {
            sb.append(e.getKey()).append('=').append(text(e.getValue())).append(',');
        }
        return sb.append("seed=").append(seed).toString();
    }

    /**
     * {@link #key()} with every character outside {@code [A-Za-z0-9._,=+-]} replaced by {@code _}, a leading dot
     * replaced, and names longer than {@value #MAX_NAME} characters cut and suffixed with a hash of the full key.
     */
    public String dirName() {
        String k = key();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            boolean letterOrDigit = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            sb.append(letterOrDigit || ".,=+-_".indexOf(c) >= 0 ? c : '_');
        }
        if (sb.charAt(0) == '.') {
            sb.setCharAt(0, '_');
        }
        if (sb.length() > MAX_NAME) {
            return sb.substring(0, MAX_NAME - 13) + "~" + sha(k).substring(0, 12);
        }
        return sb.toString();
    }

    /** A value as it appears in the key: plain decimal for numbers, the string itself otherwise. */
    static String text(ConfigValue v) {
        Object u = v.unwrapped();
        if (u instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(u);
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
