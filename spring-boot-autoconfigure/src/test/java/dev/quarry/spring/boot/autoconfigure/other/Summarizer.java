package dev.quarry.spring.boot.autoconfigure.other;

import dev.quarry.LlmExtract;
import dev.quarry.Prompt;

/** Outside the application's package: registered only through quarry.scan-packages. */
@LlmExtract
public interface Summarizer {
  @Prompt("One sentence: {{text}}")
  String summary(String text);

  /** Not an @LlmExtract interface: never a bean. */
  interface Plain {}
}
