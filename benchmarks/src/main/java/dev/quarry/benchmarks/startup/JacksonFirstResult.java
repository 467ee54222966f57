package dev.quarry.benchmarks.startup;

import dev.quarry.benchmarks.Documents;
import dev.quarry.benchmarks.peers.Model.Customer;
import tools.jackson.databind.json.JsonMapper;

/** Context: a fresh JVM's first Jackson 3 {@code readValue} of the same answer (no HTTP). */
public final class JacksonFirstResult {
  public static void main(String[] args) {
    Customer customer =
        JsonMapper.builder().build().readValue(Documents.of("medium").json(), Customer.class);
    Startup.done(customer.orders().size() + " orders of " + customer.person().name());
  }
}
