package dev.quarry.samples.batch;

/** What is read from a memo; a negative cost is sent back to the model. */
public record Memo(int number, String subject, int cost) {
  public Memo {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must be >= 0, got " + cost);
    }
  }
}
