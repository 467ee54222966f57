package dev.quarry.benchmarks.startup;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.quarry.benchmarks.peers.Lc4jExtractor;
import dev.quarry.benchmarks.peers.Model.Customer;

/**
 * A fresh JVM to its first typed result with LangChain4j: {@code OpenAiChatModel} (its default
 * JDK HTTP client, strict JSON schema) and an {@code AiServices} proxy.
 */
public final class LangChain4jFirstResult {
  public static void main(String[] args) {
    try (RecordedServer server = RecordedServer.start()) {
      OpenAiChatModel model = OpenAiChatModel.builder()
          .baseUrl(server.baseUrl())
          .apiKey("sk-benchmark-0000000000")
          .modelName("gpt-4o-mini")
          .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
          .strictJsonSchema(true)
          .build();
      Customer customer =
          AiServices.builder(Lc4jExtractor.class).chatModel(model).build().customer(Startup.TEXT);
      Startup.done(customer.orders().size() + " orders of " + customer.person().name());
    }
  }
}
