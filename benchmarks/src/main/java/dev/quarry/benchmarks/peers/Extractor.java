package dev.quarry.benchmarks.peers;

import dev.quarry.LlmExtract;
import dev.quarry.Prompt;
import dev.quarry.benchmarks.peers.Model.Customer;
import dev.quarry.benchmarks.peers.Model.Item;
import dev.quarry.benchmarks.peers.Model.Person;
import dev.quarry.benchmarks.peers.Model.Region;
import java.util.List;

/** The Quarry client measured: compiled here by the Quarry processor into {@code ExtractorImpl}. */
@LlmExtract(system = "Extract the data exactly as written.")
public interface Extractor {
  @Prompt("Extract the person: {{text}}")
  Person person(String text);

  @Prompt("Extract the customer: {{text}}")
  Customer customer(String text);

  @Prompt("Extract the region: {{text}}")
  Region region(String text);

  @Prompt("List every item in: {{text}}")
  List<Item> items(String text);
}
