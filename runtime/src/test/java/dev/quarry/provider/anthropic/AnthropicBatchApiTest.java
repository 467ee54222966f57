package dev.quarry.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ConfigurationException;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.QuarryException;
import dev.quarry.provider.BatchApi;
import dev.quarry.provider.BatchApi.Context;
import dev.quarry.provider.BatchApi.Entry;
import dev.quarry.provider.BatchApi.Outcome;
import dev.quarry.provider.BatchApi.State;
import dev.quarry.provider.BatchApi.Status;
import dev.quarry.provider.BatchApi.Submission;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.SharedData;
import dev.quarry.testing.batch.AnthropicBatchServer;
import dev.quarry.testing.batch.AnthropicBatchSpec;
import dev.quarry.testing.batch.BatchServer.Answer;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Message Batches implementation against the local server: submit, poll through every state,
 * read the results, and read each succeeded message exactly as a whole call's reply.
 */
class AnthropicBatchApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "sk-ant-batch-test-123456789";
  private static final String RECORDED =
      "wire/anthropic/examples/anthropic-sdk-python/recorded-http/";
  private static final ExtractMethod<Object> WEATHER =
      ExtractMethod.builder(AnthropicBatchApiTest.class, "weather", new TypeReference<Object>() {})
          .toolName("get_weather")
          .description("Lookup the weather for a given city")
          .schema("{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},"
              + "\"required\":[\"location\"]}")
          .build();

  /** A live reply the Messages API sent (a tool_use of get_weather). */
  private static final String RECORDED_REPLY = JSON.readTree(SharedData.read(RECORDED
          + "test_runners__TestSyncRunTools__test_tool_call_error__10e53c1d.json"))
      .get(0).at("/response/body").toString();

  private final AnthropicProvider provider = AnthropicProvider.anthropic();
  private final BatchApi api = provider.batchApi().orElseThrow();
  private AnthropicBatchServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private Context context() {
    return new Context(server.baseUrl() + "/v1", KEY, "claude-haiku-4-5", JdkHttpTransport.create());
  }

  private ProviderRequest request(String city) {
    return new ProviderRequest(server.baseUrl() + "/v1", KEY, "claude-haiku-4-5", WEATHER,
        Mode.TOOLS, List.of(Message.system("You turn questions into weather lookups."),
            Message.user("What is the weather in " + city + "?")), null, null);
  }

  private List<Entry> entries(String... ids) {
    List<Entry> entries = new ArrayList<>();
    for (String id : ids) {
      entries.add(api.entry(id, request(id)));
    }
    return entries;
  }

  /** Submits until the batch is created, as Quarry's job does. */
  private Submission submit(String label, List<Entry> entries) throws IOException {
    Submission submission = Submission.start(label);
    while (!submission.created()) {
      submission = api.submitStep(context(), submission, entries);
    }
    return submission;
  }

  private Map<String, Outcome> results(Submission submission, Status status) throws IOException {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    api.results(context(), submission, status, outcome -> outcomes.put(outcome.customId(), outcome));
    return outcomes;
  }

  @Test
  void aBatchRunsFromSubmissionThroughEveryPollToResultsThatReadAsWholeCalls() throws IOException {
    server = AnthropicBatchServer.start(item -> switch (item.customId()) {
      case "paris" -> Answer.reply(RECORDED_REPLY);
      case "oslo" -> Answer.error("invalid_request_error", 400, "max_tokens: must be at most 64000");
      default -> Answer.reply(AnthropicBatchServer.toolUse("get_weather",
          "{\"location\":\"Lima\",\"temperature\":19.50}", 410, 31));
    }).apiKey(KEY);
    server.finishPerPoll(2);
    List<Entry> entries = entries("paris", "oslo", "lima");

    Submission submission = submit("job1-b0", entries);
    assertThat(submission.step(AnthropicBatchApi.NEWEST_BEFORE)).isEmpty();
    assertThat(submission.batchId()).startsWith("msgbatch_");
    assertThat(server.submissions()).isEqualTo(1);
    assertThat(server.rejections()).isEmpty();
    LocalServer.Request create = server.requests().get(server.requests().size() - 1);
    assertThat(create.method()).isEqualTo("POST");
    assertThat(create.path()).isEqualTo("/v1/messages/batches");
    assertThat(AnthropicBatchSpec.createErrors(create.body())).isEmpty();
    JsonNode sent = JSON.readTree(create.body()).get("requests");
    assertThat(sent.get(0).get("custom_id").asString()).isEqualTo("paris");
    // params is exactly the body a whole call sends
    assertThat(sent.get(0).get("params"))
        .isEqualTo(JSON.readTree(provider.request(request("paris")).body()));

    Status running = api.poll(context(), submission);
    assertThat(running.state()).isEqualTo(State.IN_PROGRESS);
    assertThat(running.providerState()).isEqualTo("in_progress");
    assertThat(running.counts()).isEqualTo(new BatchApi.Counts(3, 0, 0, 3, 0, 0));
    assertThat(running.files()).isEmpty();
    assertThat(AnthropicBatchSpec.errors("MessageBatch", server.batch(submission.batchId())))
        .isEmpty();

    Status ended = api.poll(context(), submission);
    assertThat(ended.state()).isEqualTo(State.COMPLETED);
    assertThat(ended.providerState()).isEqualTo("ended");
    assertThat(ended.counts()).isEqualTo(new BatchApi.Counts(3, 2, 1, 0, 0, 0));
    assertThat(ended.files().get("results_url"))
        .isEqualTo(server.baseUrl() + "/v1/messages/batches/" + submission.batchId() + "/results");

    Map<String, Outcome> outcomes = results(submission, ended);
    assertThat(outcomes.keySet()).containsExactlyInAnyOrder("paris", "oslo", "lima");
    TransportResponse paris = ((Outcome.Answered) outcomes.get("paris")).response();
    assertThat(paris.body()).isEqualTo(RECORDED_REPLY);
    ModelReply batchReply = provider.reply(request("paris"), paris);
    ModelReply wholeReply = provider.reply(request("paris"),
        new TransportResponse(200, Map.of("content-type", "application/json"), RECORDED_REPLY));
    assertThat(batchReply).isEqualTo(wholeReply);
    assertThat(batchReply.toolCall().name()).isEqualTo("get_weather");
    TransportResponse lima = ((Outcome.Answered) outcomes.get("lima")).response();
    assertThat(lima.body()).contains("19.50"); // the characters as the server wrote them
    assertThat(provider.reply(request("lima"), lima).toolCall().arguments())
        .isEqualTo("{\"location\":\"Lima\",\"temperature\":19.5}");
    assertThat(outcomes.get("oslo")).isEqualTo(new Outcome.Failed("oslo", 400,
        "invalid_request_error", "max_tokens: must be at most 64000"));

    for (LocalServer.Request request : server.requests()) {
      assertThat(request.header("x-api-key")).as(request.path()).isEqualTo(KEY);
      assertThat(request.header("anthropic-version")).as(request.path()).isEqualTo("2023-06-01");
    }
  }

  @Test
  void theServersAnswersConformToTheSpec() throws IOException {
    // A message with every field the spec requires (the recorded reply lacks some, e.g.
    // stop_details: where the mirror and the recordings disagree, the recordings win).
    server = AnthropicBatchServer.start(item -> item.customId().equals("a")
        ? Answer.reply(AnthropicBatchServer.toolUse("get_weather", "{\"location\":\"Oslo\"}", 9, 9))
        : Answer.error("api_error", 500, "Internal server error"))
        .apiKey(KEY);
    Submission submission = submit("spec", entries("a", "b", "c"));
    server.finishPerPoll(1);
    api.poll(context(), submission);
    api.poll(context(), submission);
    api.cancel(context(), submission);
    api.poll(context(), submission);

    JdkHttpTransport http = JdkHttpTransport.create();
    Map<String, String> headers = Map.of("x-api-key", KEY, "anthropic-version", "2023-06-01");
    String list = http.send(new dev.quarry.transport.TransportRequest("GET",
        URI.create(server.baseUrl() + "/v1/messages/batches"), headers, "")).body();
    assertThat(AnthropicBatchSpec.errors("ListResponse_MessageBatch_", list)).isEmpty();
    String results = http.send(new dev.quarry.transport.TransportRequest("GET",
        URI.create(server.baseUrl() + "/v1/messages/batches/" + submission.batchId() + "/results"),
        headers, "")).body();
    List<String> types = new ArrayList<>();
    for (String line : results.split("\n")) {
      assertThat(AnthropicBatchSpec.errors("MessageBatchIndividualResponse", line)).as(line).isEmpty();
      types.add(JSON.readTree(line).at("/result/type").asString());
    }
    assertThat(types).containsExactlyInAnyOrder("succeeded", "errored", "canceled");
    // and the checks can fail
    assertThat(AnthropicBatchSpec.errors("MessageBatchIndividualResponse",
        "{\"custom_id\":\"a\",\"result\":{\"type\":\"finished\"}}")).isNotEmpty();
    assertThat(AnthropicBatchSpec.createErrors("{\"requests\":[{\"custom_id\":\"no spaces\","
        + "\"params\":{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}}]}")).isNotEmpty();
  }

  @Test
  void aCancelledBatchEndsCancelledWithTheRequestsItFinishedBefore() throws IOException {
    server = AnthropicBatchServer.start(item -> Answer.reply(RECORDED_REPLY)).apiKey(KEY);
    server.finishPerPoll(1);
    Submission submission = submit("cancel", entries("a", "b", "c", "d"));
    assertThat(api.poll(context(), submission).state()).isEqualTo(State.IN_PROGRESS);

    Status cancelling = api.cancel(context(), submission);
    assertThat(cancelling.state()).isEqualTo(State.CANCELLING);
    assertThat(cancelling.providerState()).isEqualTo("canceling");

    Status cancelled = api.poll(context(), submission);
    assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
    assertThat(cancelled.counts()).isEqualTo(new BatchApi.Counts(4, 1, 0, 0, 3, 0));
    Map<String, Outcome> outcomes = results(submission, cancelled);
    assertThat(outcomes.get("a")).isInstanceOf(Outcome.Answered.class);
    assertThat(outcomes.values()).filteredOn(Outcome.Cancelled.class::isInstance).hasSize(3);
  }

  @Test
  void aBatchPastItsExpiryEndsExpiredWithTheRequestsItFinishedBefore() throws IOException {
    server = AnthropicBatchServer.start(item -> Answer.reply(RECORDED_REPLY)).apiKey(KEY);
    server.finishPerPoll(1);
    Submission submission = submit("expire", entries("a", "b"));
    api.poll(context(), submission);
    server.advanceClock(Duration.ofHours(25));

    Status expired = api.poll(context(), submission);
    assertThat(expired.state()).isEqualTo(State.EXPIRED);
    assertThat(expired.providerState()).isEqualTo("ended");
    assertThat(expired.counts()).isEqualTo(new BatchApi.Counts(2, 1, 0, 0, 0, 1));
    Map<String, Outcome> outcomes = results(submission, expired);
    assertThat(outcomes.get("a")).isInstanceOf(Outcome.Answered.class);
    assertThat(outcomes.get("b")).isEqualTo(new Outcome.Expired("b"));
  }

  @Test
  void a429OnSubmissionIsAProviderErrorAndCreatesNothing() throws IOException {
    server = AnthropicBatchServer.start(item -> Answer.reply(RECORDED_REPLY)).apiKey(KEY);
    server.rejectSubmissions(1);
    List<Entry> entries = entries("a");
    Submission listed = api.submitStep(context(), Submission.start("limited"), entries);

    assertThatThrownBy(() -> api.submitStep(context(), listed, entries))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.errorType()).isEqualTo("rate_limit_error");
          assertThat(e.getMessage()).contains("creating a batch of 1 requests")
              .contains("Retry-After: 1").doesNotContain(KEY);
        });
    assertThat(server.submissions()).isZero();
    assertThat(server.submissionAttempts()).isEqualTo(1);

    assertThat(api.submitStep(context(), listed, entries).created()).isTrue();
    assertThat(server.submissions()).isEqualTo(1);
  }

  @Test
  void recoveryFindsTheBatchAnInterruptedCreateMadeAndNothingElse() throws IOException {
    server = AnthropicBatchServer.start(item -> Answer.reply(RECORDED_REPLY)).apiKey(KEY);
    submit("older", entries("x1", "x2")); // before this job: never a candidate
    List<Entry> entries = entries("a", "b");
    Submission listed = api.submitStep(context(), Submission.start("job-b0"), entries);

    // Nothing was created after the listing: the create never reached the API.
    assertThat(api.recover(context(), listed, entries)).isEqualTo(listed);
    // An interrupted listing changed nothing either.
    assertThat(api.recover(context(), Submission.start("job-b0"), entries))
        .isEqualTo(Submission.start("job-b0"));

    String created = api.submitStep(context(), listed, entries).batchId(); // its answer is lost
    submit("other-size", entries("y1", "y2", "y3")); // created meanwhile, another size
    Submission recovered = api.recover(context(), listed, entries);

    assertThat(recovered.batchId()).isEqualTo(created);
    assertThat(server.submissions()).isEqualTo(3);
  }

  @Test
  void recoveryTellsEndedBatchesApartByTheirCustomIdsAndRefusesToGuessOtherwise()
      throws IOException {
    server = AnthropicBatchServer.start(item -> Answer.reply(RECORDED_REPLY)).apiKey(KEY);
    List<Entry> entries = entries("a", "b");
    Submission listed = api.submitStep(context(), Submission.start("job-b1"), entries);
    Submission stranger = submit("same-size", entries("s1", "s2"));
    api.poll(context(), stranger);
    api.poll(context(), stranger); // ended: its results name other custom ids
    String ours = api.submitStep(context(), listed, entries).batchId();

    assertThat(api.recover(context(), listed, entries).batchId()).isEqualTo(ours);

    submit("same-size-running", entries("t1", "t2")); // in progress: cannot be told apart
    assertThatThrownBy(() -> api.recover(context(), listed, entries))
        .isInstanceOf(QuarryException.class)
        .hasMessageContaining("Cannot tell which Anthropic message batch belongs to batch job-b1")
        .hasMessageContaining(ours)
        .hasMessageContaining("Cancel the batches that are not this job's");
  }

  @Test
  void pollingABatchTheWorkspaceDoesNotHaveSaysSo() {
    server = AnthropicBatchServer.start(item -> Answer.reply(RECORDED_REPLY)).apiKey(KEY);
    Submission unknown = Submission.start("gone").withBatchId("msgbatch_unknown");

    assertThatThrownBy(() -> api.poll(context(), unknown))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.errorType()).isEqualTo("not_found_error");
          assertThat(e.getMessage()).contains("retrieving batch msgbatch_unknown")
              .contains("the batch does not exist for this key");
        });
  }

  @Test
  void aRejectedKeyIsReportedWithTheProvidersAdvice() {
    server = AnthropicBatchServer.start(item -> Answer.reply(RECORDED_REPLY)).apiKey("other-key");

    assertThatThrownBy(() -> api.submitStep(context(), Submission.start("k"), entries("a")))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).startsWith("Message Batches, listing the workspace's batches:")
              .contains("ANTHROPIC_API_KEY").doesNotContain(KEY);
        });
  }

  @Test
  void entriesAreTheWholeCallBodyUnderTheCustomIdAndMustNotStream() {
    server = AnthropicBatchServer.start(item -> Answer.reply(RECORDED_REPLY));
    Entry entry = api.entry("r-1", request("Rome"));

    JsonNode json = JSON.readTree(entry.json());
    assertThat(json.propertyNames()).containsExactly("custom_id", "params");
    assertThat(json.get("custom_id").asString()).isEqualTo("r-1");
    assertThat(json.at("/params/stream").isMissingNode()).isTrue();
    assertThat(api.limits()).isEqualTo(new BatchApi.Limits(100_000, 256_000_000L - 15));
    assertThatThrownBy(() -> api.entry("r-2", request("Rome").withStream(true)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot stream");
    assertThat(Providers.anthropic().batchApi()).containsSame(api);
  }

  @Test
  void everyKindOfResultLineBecomesAnOutcomeAndGarbageNone() {
    assertThat(AnthropicBatchApi.outcome("{\"custom_id\":\"a\",\"result\":{\"type\":\"expired\"}}"))
        .isEqualTo(new Outcome.Expired("a"));
    assertThat(AnthropicBatchApi.outcome("{\"result\":{\"type\":\"canceled\"},\"custom_id\":\"a\"}"))
        .isEqualTo(new Outcome.Cancelled("a"));
    assertThat(AnthropicBatchApi.outcome("{\"custom_id\":\"a\",\"result\":{\"type\":\"errored\","
        + "\"error\":{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
        + "\"request_id\":null}}}"))
        .isEqualTo(new Outcome.Failed("a", 529, "overloaded_error", "Overloaded"));
    Outcome succeeded = AnthropicBatchApi.outcome(
        "{\"custom_id\":\"a\",\"result\":{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"}\"}]},"
            + "\"type\":\"succeeded\"}}");
    assertThat(((Outcome.Answered) succeeded).response().body())
        .isEqualTo("{\"content\":[{\"type\":\"text\",\"text\":\"}\"}]}");
    assertThat(AnthropicBatchApi.outcome("{\"custom_id\":\"a\",\"result\":{\"type\":\"succeeded\"}}"))
        .isInstanceOfSatisfying(Outcome.Failed.class,
            f -> assertThat(f.message()).contains("without a message"));
    assertThat(AnthropicBatchApi.outcome("{\"custom_id\":\"a\",\"result\":{\"type\":\"paused\"}}"))
        .isInstanceOfSatisfying(Outcome.Failed.class,
            f -> assertThat(f.message()).contains("\"paused\""));
    for (String garbage : List.of("", "[]", "{", "{\"custom_id\":\"has space\",\"result\":{}}",
        "{\"result\":{\"type\":\"expired\"}}", "{\"custom_id\":7}", "\"text\"")) {
      assertThat(AnthropicBatchApi.outcome(garbage)).as(garbage).isNull();
    }
  }

  @Test
  void aResultsUrlOnAnotherHostIsNotSentTheKey() {
    Context context = new Context("https://api.anthropic.com/v1", KEY, "m",
        request -> { throw new AssertionError(); });
    assertThat(AnthropicBatchApi.resultsUri(context, "msgbatch_1",
        "https://api.anthropic.com/v1/messages/batches/msgbatch_1/results?page=2"))
        .hasToString("https://api.anthropic.com/v1/messages/batches/msgbatch_1/results?page=2");
    for (String elsewhere : List.of("https://evil.example/collect", "http://api.anthropic.com/x",
        "https://api.anthropic.com:8443/x", "not a uri", "/relative")) {
      assertThat(AnthropicBatchApi.resultsUri(context, "msgbatch_1", elsewhere)).as(elsewhere)
          .hasToString("https://api.anthropic.com/v1/messages/batches/msgbatch_1/results");
    }
  }

  @Test
  void unreadableResultLinesFailTheReadAfterEveryOtherLineWasDelivered() {
    try (LocalServer local = LocalServer.start()) {
      local.enqueue(200, Map.of("content-type", "application/x-jsonl"),
          "{\"custom_id\":\"a\",\"result\":{\"type\":\"expired\"}}\n<html>oops</html>\n\n"
              + "{\"custom_id\":\"b\",\"result\":{\"type\":\"canceled\"}}\n");
      Context context = new Context(local.baseUrl() + "/v1", KEY, "m", JdkHttpTransport.create());
      Submission submission = Submission.start("s").withBatchId("msgbatch_1");
      Status ended = new Status(State.COMPLETED, "ended", BatchApi.Counts.NONE, Map.of(), List.of());
      List<Outcome> delivered = new ArrayList<>();

      assertThatThrownBy(() -> api.results(context, submission, ended, delivered::add))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("1 line(s) that are not a result with a custom_id (line(s) [2])");
      assertThat(delivered).containsExactly(new Outcome.Expired("a"), new Outcome.Cancelled("b"));
      assertThat(local.takeRequest().path()).isEqualTo("/v1/messages/batches/msgbatch_1/results");
    }
  }
}
