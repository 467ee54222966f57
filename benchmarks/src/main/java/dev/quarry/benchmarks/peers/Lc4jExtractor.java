package dev.quarry.benchmarks.peers;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.quarry.benchmarks.peers.Model.Customer;
import dev.quarry.benchmarks.peers.Model.Item;
import dev.quarry.benchmarks.peers.Model.Person;
import dev.quarry.benchmarks.peers.Model.Region;
import java.util.List;

/** The same interface for LangChain4j {@code AiServices} (a reflective proxy at run time). */
public interface Lc4jExtractor {
  @SystemMessage("Extract the data exactly as written.")
  @UserMessage("Extract the person: {{text}}")
  Person person(@V("text") String text);

  @SystemMessage("Extract the data exactly as written.")
  @UserMessage("Extract the customer: {{text}}")
  Customer customer(@V("text") String text);

  @SystemMessage("Extract the data exactly as written.")
  @UserMessage("Extract the region: {{text}}")
  Region region(@V("text") String text);

  @SystemMessage("Extract the data exactly as written.")
  @UserMessage("List every item in: {{text}}")
  List<Item> items(@V("text") String text);
}
