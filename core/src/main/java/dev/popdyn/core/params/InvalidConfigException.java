package dev.popdyn.core.params;

/**
 * A configuration value that cannot be used. The message has the one-line form
 * {@code <key>: <what is wrong> (<allowed>)} that the command line prints after {@code error: }.
 */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public InvalidConfigException(String key, String problem, String allowed) {
        super(key + ": " + problem + (allowed == null || allowed.isEmpty() ? "" : " (" + allowed + ")"));
        this.key = key;
    }

    /** The offending configuration key (dotted path), or the file name for unreadable input. */
    public String key() {
        return key;
    }
}
