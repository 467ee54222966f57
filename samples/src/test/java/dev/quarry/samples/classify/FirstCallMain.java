package dev.quarry.samples.classify;

import dev.quarry.Extraction;
import dev.quarry.Mode;
import dev.quarry.Quarry;
import dev.quarry.transport.TransportResponse;
import java.util.Map;

/**
 * One call of a generated client, in a JVM of its own, answered by a Chat Completions body written
 * by hand (no Jackson mapper builds it): what {@link FirstCallWithoutMapperTest} watches load.
 */
public final class FirstCallMain {
  private FirstCallMain() {}

  static final String REPLY = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
      + "\"created\":1733300000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"category\\\":\\\"TECHNICAL_ISSUE\\\","
      + "\\\"confidence\\\":0.9,\\\"reason\\\":\\\"The export button does nothing.\\\"}\","
      + "\"refusal\":null},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":20,\"total_tokens\":140}}";

  public static void main(String[] args) {
    TransportResponse response =
        new TransportResponse(200, Map.of("content-type", "application/json"), REPLY);
    TicketClassifier classifier = Quarry.builder()
        .transport(request -> response)
        .apiKey("test-key")
        .model("gpt-4o-mini")
        .mode(Mode.JSON_SCHEMA)
        .build()
        .create(TicketClassifier.class);
    Extraction<Classification> result =
        classifier.classify("Export broken", "The export button does nothing.");
    System.out.println("result " + result.value().category() + " after "
        + result.attempts().size() + " attempt(s)");
  }
}
