package dev.popdyn.jobs;

/** Entry point placeholder replaced by the picocli command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("popdyn");
    }
}
