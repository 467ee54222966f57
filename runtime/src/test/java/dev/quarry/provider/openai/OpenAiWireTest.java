package dev.quarry.provider.openai;

import dev.quarry.testing.OpenAiSpec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.Provider;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.SharedData;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** The provider over real HTTP: a local server answering with a recorded OpenAI payload. */
class OpenAiWireTest {
  private static final ExtractMethod<Object> METHOD =
      ExtractMethod.builder(Object.class, "weather", new TypeReference<Object>() {})
          .toolName("GetWeatherArgs")
          .schema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")
          .build();

  @Test
  void aToolCallRoundTrip() throws IOException {
    try (LocalServer server = LocalServer.start()) {
      server.enqueue(200, Map.of("content-type", "application/json", "x-request-id", "req_wire"),
          SharedData.read("wire/openai/examples/openai-python/chat__test_parse_pydantic_tool.json"));
      Provider provider = Providers.openAiCompatible("local", server.baseUrl() + "/v1", "LOCAL_KEY");
      ProviderRequest request = new ProviderRequest(provider.defaultBaseUrl(), "sk-local-123",
          "gpt-4o-2024-08-06", METHOD, Mode.TOOLS,
          List.of(Message.user("What's the weather like in Edinburgh?")), null, null);

      TransportResponse response = JdkHttpTransport.create().send(provider.request(request));
      ModelReply reply = provider.reply(request, response);

      LocalServer.Request received = server.takeRequest();
      assertThat(received.method()).isEqualTo("POST");
      assertThat(received.path()).isEqualTo("/v1/chat/completions");
      assertThat(received.header("authorization")).isEqualTo("Bearer sk-local-123");
      assertThat(received.header("content-type")).isEqualTo("application/json");
      assertThat(OpenAiSpec.chatRequestErrors(received.body())).isEmpty();
      assertThat(reply.toolCall().name()).isEqualTo("GetWeatherArgs");
      assertThat(reply.output()).contains("\"city\":\"Edinburgh\"");
      assertThat(reply.requestId()).isEqualTo("req_wire");
    }
  }
}
