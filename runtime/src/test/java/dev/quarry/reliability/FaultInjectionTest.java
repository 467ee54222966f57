package dev.quarry.reliability;

import static dev.quarry.reliability.Fixtures.KEY;
import static dev.quarry.reliability.Fixtures.PERSON;
import static dev.quarry.reliability.Fixtures.ada;
import static dev.quarry.reliability.Fixtures.completion;
import static dev.quarry.reliability.Fixtures.openAi;
import static dev.quarry.reliability.Fixtures.toolCompletion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Extraction;
import dev.quarry.IncompleteOutputException;
import dev.quarry.ProviderException;
import dev.quarry.Quarry;
import dev.quarry.RefusalException;
import dev.quarry.provider.Providers;
import dev.quarry.reliability.Fixtures.FakeTime;
import dev.quarry.reliability.Fixtures.Person;
import dev.quarry.testing.LocalServer;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every fault of the list against a real local HTTP server, each ending in its documented
 * outcome. The clock is fake: backoff waits are recorded, not slept.
 */
class FaultInjectionTest {
  private static final Person ADA = new Person("Ada", 36);
  private static final Map<String, String> JSON_TYPE = Map.of("content-type", "application/json");

  private final LocalServer server = LocalServer.start();
  private final FakeTime time = new FakeTime();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry() {
    return openAi(server, time).build();
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void rateLimitWithRetryAfterWaitsWhatTheServerAsked(Via via) {
    server.enqueue(429, Map.of("content-type", "application/json", "retry-after", "2"),
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
    server.enqueue(200, via.body(ada()));

    Extraction<Person> result = via.extract(quarry(), PERSON, "Ada, 36");

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
    assertThat(result.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.status()).isEqualTo(200);
      assertThat(attempt.retries()).singleElement().satisfies(retry -> {
        assertThat(retry.status()).isEqualTo(429);
        assertThat(retry.responseBody()).contains("Rate limit reached");
        assertThat(retry.error()).isNull();
        assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(2));
      });
    });
    assertThat(result.requestCount()).isEqualTo(2);
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void rateLimitWithoutRetryAfterBacksOffExponentially(Via via) {
    server.enqueue(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}");
    server.enqueue(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}");
    server.enqueue(200, via.body(ada()));

    Extraction<Person> result = via.extract(quarry(), PERSON, "Ada, 36");

    assertThat(result.value()).isEqualTo(ADA);
    // jitter 1.0: the whole ceiling, 500 ms then 1 s
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(result.lastAttempt().retries()).hasSize(2);
  }

  @ParameterizedTest
  @CsvSource({"WHOLE,500", "WHOLE,502", "WHOLE,503", "WHOLE,504", "STREAMED,500", "STREAMED,502",
      "STREAMED,503", "STREAMED,504"})
  void serverErrorThenSuccessIsRetried(Via via, int status) {
    server.enqueue(status, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
    server.enqueue(200, via.body(ada()));

    Extraction<Person> result = via.extract(quarry(), PERSON, "Ada, 36");

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(result.lastAttempt().retries()).extracting(Extraction.Retry::status).containsExactly(status);
  }

  @Test
  void anthropicOverloaded529ThenSuccessIsRetried() {
    server.enqueue(529, JSON_TYPE,
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    server.enqueue(200, anthropicPerson());

    Extraction<Person> result = anthropic().extract(PERSON, "Ada, 36");

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(result.lastAttempt().retries()).extracting(Extraction.Retry::status).containsExactly(529);
  }

  @Test
  void xShouldRetryFalseStopsARetryableStatus() {
    server.enqueue(503, Map.of("content-type", "application/json", "x-should-retry", "false"),
        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal error\"}}");

    assertThatThrownBy(() -> anthropic().extract(PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.getMessage()).contains("Internal error").contains("not retried");
          assertThat(e.requestCount()).isEqualTo(1);
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void persistentServerErrorEndsWithTheLastErrorAndEveryRetryRecorded(Via via) {
    for (int i = 0; i < 3; i++) {
      server.enqueue(500, "{\"error\":{\"message\":\"boom " + i + "\",\"type\":\"server_error\"}}");
    }

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(500);
          assertThat(e.errorMessage()).isEqualTo("boom 2");
          assertThat(e.getMessage()).contains("Sent 3 times; gave up after 2 retries");
          assertThat(e.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.status()).isEqualTo(500);
            assertThat(attempt.retries()).extracting(Extraction.Retry::responseBody)
                .anySatisfy(body -> assertThat(body).contains("boom 0"))
                .anySatisfy(body -> assertThat(body).contains("boom 1"));
          });
          assertThat(e.requestCount()).isEqualTo(3);
        });
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void connectionDroppedMidBodyIsRetried(Via via) {
    server.enqueueCutMidBody(200, via.body(ada()));
    server.enqueue(200, via.body(ada()));

    Extraction<Person> result = via.extract(quarry(), PERSON, "Ada, 36");

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(result.lastAttempt().retries()).singleElement().satisfies(retry -> {
      if (via == Via.WHOLE || retry.status() == 0) {
        assertThat(retry.status()).isZero();
        assertThat(retry.responseBody()).isNull();
      } else {
        // The stream broke after its first events: the status and what had arrived are kept.
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.responseBody()).startsWith("data: ");
      }
      assertThat(retry.error()).isNotBlank();
    });
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void connectionRefusedEverywhereEndsWithProviderExceptionStatusZero(Via via) {
    String gone;
    try (LocalServer closed = LocalServer.start()) {
      gone = closed.baseUrl();
    }
    Quarry quarry = Quarry.builder().baseUrl(gone).apiKey(KEY).model("gpt-4o-mini")
        .timeSource(time).build();

    assertThatThrownBy(() -> via.extract(quarry, PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e.getMessage()).contains("could not reach openai").contains("Sent 3 times");
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.retries()).hasSize(2));
        });
    assertThat(time.sleeps).hasSize(2);
  }

  @Test
  void aBodySlowerThanTheRequestTimeoutIsCutOffAndRetried() {
    server.enqueueSlowBody(200, ada(), Duration.ofSeconds(30));
    server.enqueue(200, ada());
    Quarry quarry = openAi(server, time).requestTimeout(Duration.ofMillis(300)).build();

    Extraction<Person> result = quarry.extract(PERSON, "Ada, 36");

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(result.lastAttempt().retries()).singleElement()
        .satisfies(retry -> assertThat(retry.error()).contains(HttpTimeoutException.class.getName()));
  }

  @Test
  void aBodySlowerThanTheRequestTimeoutWithoutRetriesIsAProviderExceptionWithTheTimeout() {
    server.enqueueSlowBody(200, ada(), Duration.ofSeconds(30));
    Quarry quarry = openAi(server, time).requestTimeout(Duration.ofMillis(300)).maxRetries(0).build();

    assertThatThrownBy(() -> quarry.extract(PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
          assertThat(e.attempts()).hasSize(1);
        });
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void htmlErrorPageFromAGatewayIsRetriedThenReportedWithAnExcerpt(Via via) {
    String page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad"
        + " Gateway</h1></center><hr><center>nginx</center></body></html>";
    for (int i = 0; i < 3; i++) {
      server.enqueue(502, Map.of("content-type", "text/html"), page);
    }

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.getMessage()).contains("not JSON").contains("502 Bad Gateway");
          assertThat(e.responseBody()).isEqualTo(page);
          assertThat(e.requestCount()).isEqualTo(3);
        });
  }

  @Test
  void truncatedJsonWithStatus200IsAProviderErrorAndNotRetried() {
    String whole = ada();
    server.enqueue(200, whole.substring(0, whole.length() / 2));

    assertThatThrownBy(() -> quarry().extract(PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(200);
          assertThat(e.getMessage()).contains("not a chat completion");
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.responseBody()).isEqualTo(whole.substring(0, whole.length() / 2)));
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void emptyBodyWithStatus200IsAProviderErrorAndNotRetried() {
    server.enqueue(200, "");

    assertThatThrownBy(() -> quarry().extract(PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(200);
          assertThat(e.getMessage()).contains("(empty body)");
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void emptyBodyWithStatus503IsRetried(Via via) {
    server.enqueue(503, Map.of(), "");
    server.enqueue(200, via.body(ada()));

    assertThat(via.extract(quarry(), PERSON, "Ada, 36").value()).isEqualTo(ADA);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void unauthorizedNamesTheVariableAndIsNotRetried(Via via) {
    server.enqueue(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
        + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).contains("OPENAI_API_KEY").doesNotContain(KEY);
          assertThat(e.responseBody()).doesNotContain(KEY);
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.responseBody()).doesNotContain(KEY));
        });
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(time.sleeps).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void invalidSchemaIsReportedVerbatimAndNotRetried(Via via) {
    String providerMessage = "Invalid schema for function 'Person': In context=(), 'required' is"
        + " required to be supplied and to be an array including every key in properties."
        + " Missing 'age'.";
    server.enqueue(400, "{\"error\":{\"message\":\"" + providerMessage + "\","
        + "\"type\":\"invalid_request_error\",\"param\":\"tools[0].function.parameters\","
        + "\"code\":\"invalid_function_parameters\"}}");

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.errorMessage()).isEqualTo(providerMessage);
          assertThat(e.getMessage()).contains(providerMessage);
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void outputCutAtTheTokenLimitIsIncompleteOutputWithoutReask(Via via) {
    server.enqueue(200, via.body(completion("{\"name\":\"Ada\",\"ag", "length", null, 100, 4096)));

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(IncompleteOutputException.class, e -> {
          assertThat(e.partialOutput()).isEqualTo("{\"name\":\"Ada\",\"ag");
          assertThat(e.getMessage()).contains("maxOutputTokens");
          assertThat(e.usage().outputTokens()).isEqualTo(4096);
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void refusalIsARefusalExceptionWithoutReask(Via via) {
    server.enqueue(200, via.body(completion(null, "stop", "I'm sorry, I can't help with that.", 50, 10)));

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(RefusalException.class,
            e -> assertThat(e.refusal()).isEqualTo("I'm sorry, I can't help with that."));
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void contentFilterIsARefusalExceptionWithoutReask(Via via) {
    server.enqueue(200, via.body(completion(null, "content_filter", null, 50, 0)));

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(RefusalException.class, e -> {
          assertThat(e.refusal()).contains("content filter");
          assertThat(e.attempts()).hasSize(1);
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void aRetryAfterLongerThanTheLimitEndsTheCall(Via via) {
    server.enqueue(429, Map.of("content-type", "application/json", "retry-after", "3600"),
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.getMessage()).contains("maxRetryAfter");
        });
    assertThat(time.sleeps).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void exhaustedQuotaIsNotRetried(Via via) {
    server.enqueue(429, "{\"error\":{\"message\":\"You exceeded your current quota\","
        + "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}");

    assertThatThrownBy(() -> via.extract(quarry(), PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.getMessage()).contains("retrying will not help"));
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void reasksAndRetriesAreCountedSeparately(Via via) {
    server.enqueue(200, via.body(toolCompletion("{\"name\":\"Ada\",\"age\":-1}", 100, 20)));
    server.enqueue(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}");
    server.enqueue(200, via.body(ada()));
    Quarry quarry = openAi(server, time).maxAttempts(2).maxRetries(1).build();

    Extraction<Person> result = via.extract(quarry, PERSON, "Ada, 36");

    assertThat(result.value()).isEqualTo(ADA);
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).violations()).isNotEmpty();
    assertThat(result.attempts().get(0).retries()).isEmpty();
    assertThat(result.attempts().get(1).retries()).extracting(Extraction.Retry::status).containsExactly(503);
    assertThat(result.requestCount()).isEqualTo(3);
    assertThat(result.usage().totalTokens()).isEqualTo(240);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void perMethodMaxRetriesOverridesTheClient(Via via) {
    server.enqueue(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}");
    var noRetries = dev.quarry.spi.ExtractMethod.builder(Fixtures.class, "person",
            new tools.jackson.core.type.TypeReference<Person>() {})
        .toolName("Person").schema(Fixtures.PERSON_SCHEMA).maxRetries(0).build();

    assertThatThrownBy(() -> via.extract(quarry(), noRetries, "Ada, 36"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(server.requestCount()).isEqualTo(1);
  }

  private Quarry anthropic() {
    return Quarry.builder().provider(Providers.anthropic()).baseUrl(server.baseUrl()).apiKey(KEY)
        .model("claude-haiku-4-5").timeSource(time).build();
  }

  private static String anthropicPerson() {
    return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\","
        + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Person\","
        + "\"input\":{\"name\":\"Ada\",\"age\":36}}],\"stop_reason\":\"tool_use\","
        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
  }
}
