package dev.quarry.samples.spring;

import dev.quarry.Description;

/** How the support desk handles a message. */
public record Triage(
    Category category,
    @Description("1 (can wait) to 4 (customers are down right now)") int urgency,
    @Description("one sentence, in English") String summary) {

  public enum Category {
    BILLING,
    BUG,
    ACCOUNT,
    QUESTION
  }

  public Triage {
    if (urgency < 1 || urgency > 4) {
      throw new IllegalArgumentException("urgency must be between 1 and 4, got " + urgency);
    }
  }
}
