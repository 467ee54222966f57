package com.example.quickstart;

import dev.quarry.Quarry;
import dev.quarry.transport.ReplayTransport;

/**
 * The README's headline example as a program. With {@code OPENAI_API_KEY} set it calls
 * gpt-4o-mini; without it, it replays the recorded exchange under
 * {@code src/main/resources/recordings/quickstart/} (no network), which is how CI runs it.
 */
public final class Main {
  static final String TEXT = """
      CORNER CAFE            2024-03-14
      2 x Espresso      @ 2.80
      1 x Croissant     @ 3.20
      TOTAL                 8.80
      """;

  public static void main(String[] args) {
    Quarry quarry = System.getenv("OPENAI_API_KEY") != null
        ? Quarry.builder().provider("openai/gpt-4o-mini").build()  // key from OPENAI_API_KEY
        : Quarry.builder().provider("openai/gpt-4o-mini").apiKey("sk-offline-replay")
            .transport(ReplayTransport.fromClasspath("recordings/quickstart",
                Main.class.getClassLoader()))
            .build();
    ReceiptReader reader = quarry.create(ReceiptReader.class);  // the generated ReceiptReaderImpl
    Receipt receipt = reader.read(TEXT);
    System.out.println(receipt);
  }
}
