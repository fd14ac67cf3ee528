package dev.popdyn.jobs;

/**
 * Bad input from the user (missing file, foreign run directory, invalid SQL …): the command line prints
 * {@code error: <message>} and exits with code 2, having written nothing.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
