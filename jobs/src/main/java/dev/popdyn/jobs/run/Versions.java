package dev.popdyn.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The popdyn version (from the build) and the git commit of the working tree, for provenance. Thread-safe. */
public final class Versions {
    private Versions() {
    }

    /** The Maven project version, or "unknown". */
    public static String popdyn() {
        try (InputStream in = Versions.class.getResourceAsStream("/popdyn-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code git rev-parse HEAD} of the current directory, or "unknown" when git or a checkout is missing. */
    public static String gitSha() {
        try {
            Process pr = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String s = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!pr.waitFor(5, TimeUnit.SECONDS) || pr.exitValue() != 0 || !s.matches("[0-9a-f]{40}")) {
                return "unknown";
            }
            return s;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
