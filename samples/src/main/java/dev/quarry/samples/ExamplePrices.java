package dev.quarry.samples;

import dev.quarry.PriceTable;

/**
 * EXAMPLE prices for the samples' models, in USD per million tokens, so that the summary can
 * show a cost. They are illustrations, not the providers' current list prices: Quarry ships no
 * prices, and a real application supplies those of its own contract.
 */
final class ExamplePrices {
  static final String NOTE = "example prices, not list prices";

  static final PriceTable TABLE = PriceTable.builder()
      .price("gpt-4o-mini", 0.15, 0.60)
      .price("claude-sonnet-4-5", 3.00, 15.00)
      .price("gemini-2.5-flash", 0.30, 2.50)
      .price("qwen2.5", 0.0, 0.0) // runs locally on Ollama
      // The cheaper models that check answers in the review sample.
      .price("gpt-4.1-nano", 0.10, 0.40)
      .price("claude-haiku-4-5", 1.00, 5.00)
      .price("gemini-2.5-flash-lite", 0.10, 0.40)
      .price("qwen2.5:0.5b", 0.0, 0.0)
      .build();

  private ExamplePrices() {}
}
