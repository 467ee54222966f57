package dev.quarry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.BatchJob;
import dev.quarry.Quarry;
import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.batch.AnthropicBatchServer;
import dev.quarry.testing.batch.BatchServer.Answer;
import dev.quarry.testing.batch.BatchServer.Item;
import dev.quarry.testing.batch.GeminiBatchServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/**
 * {@code Quarry.batchJob} end to end on Anthropic's Message Batches and Gemini's batch mode: the
 * same job API and engine as {@link OpenAiBatchTest}, against the local servers that implement
 * those APIs ({@link AnthropicBatchServer}, {@link GeminiBatchServer}).
 */
class ProviderBatchJobTest {
  record Place(String location) {}

  private static final ExtractMethod<Place> PLACE =
      ExtractMethod.builder(ProviderBatchJobTest.class, "place", new TypeReference<Place>() {})
          .toolName("get_weather")
          .description("Lookup the weather for a given city")
          .schema("{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\","
              + "\"pattern\":\"^[A-Z][a-z]+$\"}},\"required\":[\"location\"],"
              + "\"additionalProperties\":false}")
          .build();

  private static final List<String> CITIES = List.of("Paris", "Oslo", "Lima", "Quito");

  /** The input index an entry answers, from its custom id {@code q<index>-<attempt>}. */
  private static int index(Item item) {
    return Integer.parseInt(item.customId().substring(1, item.customId().indexOf('-')));
  }

  private static int attempt(Item item) {
    return Integer.parseInt(item.customId().substring(item.customId().indexOf('-') + 1));
  }

  /** The entry's city, but "oslo" (against the pattern) on the first attempt for input 1. */
  private static String city(Item item) {
    return index(item) == 1 && attempt(item) == 1 ? "oslo" : CITIES.get(index(item));
  }

  private static BatchJob.Result<String, Place> run(Quarry quarry) {
    BatchJob<String, Place> job = quarry.batchJob(
        city -> quarry.extract(PLACE, "Weather in " + city + "?").value(), CITIES,
        BatchJob.Options.builder().pollInterval(Duration.ofMillis(5)).build());
    return job.submit().await(Duration.ofMinutes(1));
  }

  private static void check(BatchJob.Result<String, Place> result) {
    assertThat(result.failures()).isEmpty();
    assertThat(result.items()).hasSize(CITIES.size());
    for (BatchJob.Item<String, Place> item : result.items()) {
      assertThat(item.input()).isEqualTo(CITIES.get(item.index()));
      assertThat(item.value()).isEqualTo(new Place(CITIES.get(item.index())));
      assertThat(item.attempt()).isEqualTo(item.index() == 1 ? 2 : 1);
    }
    assertThat(result.items().get(1).extraction().attempts().get(0).violations())
        .anySatisfy(v -> assertThat(v.toString())
            .startsWith("/location: does not match").contains("\"oslo\""));
    assertThat(result.batches()).as("the first batch and one of re-asks").isEqualTo(2);
  }

  @Test
  void aJobRunsOnAnthropicsMessageBatchesWithItsReaskInAFollowUpBatch() {
    Function<Item, Answer> answer = item -> Answer.reply(AnthropicBatchServer.toolUse(
        "get_weather", "{\"location\":\"" + city(item) + "\"}", 20, 10));
    try (AnthropicBatchServer server =
        AnthropicBatchServer.start(answer).apiKey("sk-ant-batch-test-123456789")) {
      Quarry quarry = Quarry.builder().provider(Providers.anthropic()).baseUrl(server.baseUrl())
          .apiKey("sk-ant-batch-test-123456789").model("claude-haiku-4-5").maxRetries(0).build();

      BatchJob.Result<String, Place> result = run(quarry);

      check(result);
      assertThat(server.submissions()).isEqualTo(2);
      assertThat(server.rejections()).isEmpty();
      assertThat(result.usage().totalTokens()).isEqualTo(5 * 30);
    }
  }

  @Test
  void aJobRunsOnGeminisBatchModeWithItsReaskInAFollowUpBatch() {
    Function<Item, Answer> answer = item -> Answer.reply(GeminiBatchServer.textResponse(
        "{\"location\":\"" + city(item) + "\"}", 20, 10));
    try (GeminiBatchServer server =
        GeminiBatchServer.start(answer).apiKey("gemini-batch-test-key")) {
      Quarry quarry = Quarry.builder().provider(Providers.gemini()).baseUrl(server.baseUrl())
          .apiKey("gemini-batch-test-key").model("gemini-2.5-flash").maxRetries(0).build();

      BatchJob.Result<String, Place> result = run(quarry);

      check(result);
      assertThat(server.submissions()).isEqualTo(2);
      assertThat(server.rejections()).isEmpty();
      assertThat(result.usage().totalTokens()).isEqualTo(5 * 30);
    }
  }
}
