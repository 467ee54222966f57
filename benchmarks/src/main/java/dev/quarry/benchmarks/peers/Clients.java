package dev.quarry.benchmarks.peers;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.quarry.Mode;
import dev.quarry.Quarry;
import dev.quarry.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Each library's client, set up as its documentation shows, with the network replaced by an
 * answer from memory: the same recorded response body, returned at once.
 */
public final class Clients {
  static final String API_KEY = "sk-benchmark-0000000000";
  static final String MODEL = "gpt-4o-mini";

  private Clients() {}

  /** Quarry with a transport that returns {@code body}; the generated client of {@link Extractor}. */
  public static Extractor quarry(String body, Mode mode) {
    TransportResponse response =
        new TransportResponse(200, Map.of("content-type", "application/json"), body);
    Quarry quarry = Quarry.builder()
        .transport(request -> response)
        .apiKey(API_KEY)
        .model(MODEL)
        .mode(mode)
        .build();
    return quarry.create(Extractor.class);
  }

  /**
   * LangChain4j {@code AiServices} over a {@link ChatModel} that returns the recorded answer as an
   * {@link AiMessage}: no HTTP body is read, so this is LangChain4j's floor.
   */
  public static Lc4jExtractor langChain4j(String answer) {
    return AiServices.builder(Lc4jExtractor.class).chatModel(new AnswerChatModel(answer)).build();
  }

  /**
   * LangChain4j {@code AiServices} over its own {@link OpenAiChatModel} (strict JSON schema) with
   * an HTTP client that returns the recorded body: the full path, request JSON and response
   * parsing included, like Quarry's.
   */
  public static Lc4jExtractor langChain4jOpenAi(String body) {
    ChatModel model = OpenAiChatModel.builder()
        .httpClientBuilder(new AnswerHttpClientBuilder(body))
        .baseUrl("http://localhost/v1")
        .apiKey(API_KEY)
        .modelName(MODEL)
        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
        .strictJsonSchema(true)
        .maxRetries(0)
        .build();
    return AiServices.builder(Lc4jExtractor.class).chatModel(model).build();
  }

  /** openai-java with an HTTP client that writes the request body out and returns {@code body}. */
  public static OpenAIClient openAiJava(String body) {
    return new OpenAIClientImpl(ClientOptions.builder()
        .httpClient(new AnswerOpenAiHttpClient(body))
        .apiKey(API_KEY)
        .baseUrl("http://localhost/v1")
        .maxRetries(0)
        .build());
  }

  static final class AnswerChatModel implements ChatModel {
    private final String answer;

    AnswerChatModel(String answer) {
      this.answer = answer;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      return ChatResponse.builder().aiMessage(AiMessage.from(answer)).build();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
      return EnumSet.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }
  }

  static final class AnswerHttpClientBuilder implements HttpClientBuilder {
    private final String body;
    private Duration connectTimeout;
    private Duration readTimeout;

    AnswerHttpClientBuilder(String body) {
      this.body = body;
    }

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public HttpClient build() {
      Map<String, List<String>> headers = Map.of("content-type", List.of("application/json"));
      return new HttpClient() {
        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
          return SuccessfulHttpResponse.builder().statusCode(200).headers(headers).body(body).build();
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser,
            ServerSentEventListener listener) {
          throw new UnsupportedOperationException("no streaming here");
        }
      };
    }
  }

  static final class AnswerOpenAiHttpClient implements com.openai.core.http.HttpClient {
    private final byte[] body;
    private final Headers headers =
        Headers.builder().put("content-type", "application/json").build();

    AnswerOpenAiHttpClient(String body) {
      this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public HttpResponse execute(com.openai.core.http.HttpRequest request, RequestOptions options) {
      // A real transport writes the request out; the SDK serializes it only then.
      if (request.body() != null) {
        request.body().writeTo(OutputStream.nullOutputStream());
      }
      return new HttpResponse() {
        @Override
        public int statusCode() {
          return 200;
        }

        @Override
        public Headers headers() {
          return headers;
        }

        @Override
        public InputStream body() {
          return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(
        com.openai.core.http.HttpRequest request, RequestOptions options) {
      return CompletableFuture.completedFuture(execute(request, options));
    }

    @Override
    public void close() {}
  }
}
