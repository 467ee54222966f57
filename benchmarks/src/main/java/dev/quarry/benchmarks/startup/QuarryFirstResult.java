package dev.quarry.benchmarks.startup;

import dev.quarry.Mode;
import dev.quarry.Quarry;
import dev.quarry.benchmarks.peers.Extractor;
import dev.quarry.benchmarks.peers.Model.Customer;

/** A fresh JVM to its first typed result with Quarry: {@code main} → server → call → record. */
public final class QuarryFirstResult {
  public static void main(String[] args) {
    try (RecordedServer server = RecordedServer.start()) {
      Quarry quarry = Quarry.builder()
          .baseUrl(server.baseUrl())
          .apiKey("sk-benchmark-0000000000")
          .model("gpt-4o-mini")
          .mode(Mode.JSON_SCHEMA)
          .build();
      Customer customer = quarry.create(Extractor.class).customer(Startup.TEXT);
      Startup.done(customer.orders().size() + " orders of " + customer.person().name());
    }
  }
}
