package dev.quarry.samples.quotes;

import java.util.List;

/** The facts found in a text. */
public record Facts(List<Fact> facts) {
  public Facts {
    facts = List.copyOf(facts);
  }
}
