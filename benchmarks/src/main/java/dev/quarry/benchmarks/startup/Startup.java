package dev.quarry.benchmarks.startup;

/** Shared by the start-up mains: the prompt text, and the end of the run. */
public final class Startup {
  static final String TEXT = "Jane Doe, 34, jane@example.com, active; orders A-1000 to A-1002.";

  private Startup() {}

  /** Prints the result and ends the process (the whole process is what is timed). */
  static void done(String result) {
    System.out.println(result);
    System.exit(0);
  }

  /** Context: the JVM alone, to the same print. */
  public static void main(String[] args) {
    done("nothing");
  }
}
