package dev.quarry.benchmarks.startup;

/** Shared by the start-up mains: the prompt text, and the end of the run. */
public final class Startup {
  static final String TEXT = "Jane Doe, 34, jane@example.com, active; orders A-1000 to A-1002.";

  private Startup() {}

  /**
   * Prints the result, and on standard error the milliseconds from the JVM's start to this call,
   * then ends the process. The whole process is timed too, but its end is not start-up: at exit
   * HotSpot waits up to about 300 ms for threads blocked in native code (the local server's and
   * the HTTP client's selector threads), in about two runs of three and for every library alike.
   * The time to the result is read before anything else is done here ({@code
   * ManagementFactory}'s classes load after it).
   */
  static void done(String result) {
    long now = System.currentTimeMillis();
    System.out.println(result);
    long start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    System.err.println("first result after " + (now - start) + " ms");
    System.exit(0);
  }

  /** Context: the JVM alone, to the same print. */
  public static void main(String[] args) {
    done("nothing");
  }
}
