package dev.quarry.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ConfigurationException;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.ProviderException;
import dev.quarry.QuarryException;
import dev.quarry.provider.BatchApi;
import dev.quarry.provider.BatchApi.Context;
import dev.quarry.provider.BatchApi.Counts;
import dev.quarry.provider.BatchApi.Entry;
import dev.quarry.provider.BatchApi.Outcome;
import dev.quarry.provider.BatchApi.State;
import dev.quarry.provider.BatchApi.Status;
import dev.quarry.provider.BatchApi.Submission;
import dev.quarry.provider.ModelReply;
import dev.quarry.provider.ProviderRequest;
import dev.quarry.provider.Providers;
import dev.quarry.spi.ExtractMethod;
import dev.quarry.testing.GeminiProtos;
import dev.quarry.testing.LocalServer;
import dev.quarry.testing.batch.BatchServer.Answer;
import dev.quarry.testing.batch.GeminiBatchServer;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * Gemini's batch mode against the local server (hand-made from Google's reference, see {@code
 * batch-handmade/README.md}): submit, poll through every state, read the inlined answers, and read
 * each response exactly as a whole call's reply.
 */
class GeminiBatchApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "AIzaSy-batch-secret-0123456789";
  private static final ExtractMethod<Object> TOTAL =
      ExtractMethod.builder(GeminiBatchApiTest.class, "total", new TypeReference<Object>() {})
          .schema("{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"number\"}},"
              + "\"required\":[\"total\"]}")
          .build();
  /** A live generateContent response (a function call with a thought signature). */
  private static final String RECORDED = GeminiProviderReplyTest.recordedResponse(
      "MCP_related_client_Tests_generateContent_ML_Dev_one_CallableTool_with_MCPClients_and"
          + "_conduct_automated_function_calling.json", 0);

  private final GeminiProvider provider = GeminiProvider.gemini();
  private final BatchApi api = provider.batchApi().orElseThrow();
  private GeminiBatchServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private Context context() {
    return new Context(server.baseUrl() + "/v1beta", KEY, "gemini-2.5-flash",
        JdkHttpTransport.create());
  }

  private ProviderRequest request(String text) {
    return new ProviderRequest(server.baseUrl() + "/v1beta", KEY, "gemini-2.5-flash", TOTAL,
        Mode.JSON_SCHEMA, List.of(Message.system("You read totals."), Message.user(text)), null,
        null);
  }

  private List<Entry> entries(String... ids) {
    List<Entry> entries = new ArrayList<>();
    for (String id : ids) {
      entries.add(api.entry(id, request("Receipt " + id)));
    }
    return entries;
  }

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

  private static String handmade(String name) {
    try (InputStream in = GeminiBatchApiTest.class.getResourceAsStream("/batch-handmade/gemini/" + name)) {
      if (in == null) {
        throw new AssertionError("missing fixture batch-handmade/gemini/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aBatchRunsFromSubmissionThroughEveryPollToAnswersThatReadAsWholeCalls() throws IOException {
    server = GeminiBatchServer.start(item -> switch (item.customId()) {
      case "a" -> Answer.reply(RECORDED);
      case "b" -> Answer.error("RESOURCE_EXHAUSTED", 8, "Quota exceeded for this batch request.");
      default -> Answer.reply(GeminiBatchServer.textResponse("{\"total\": 12.50}", 20, 8));
    }).apiKey(KEY);
    server.finishPerPoll(2);

    Submission submission = submit("job1-b0", entries("a", "b", "c"));
    assertThat(submission.steps()).isEmpty(); // one step: the batch's display name is its label
    assertThat(submission.batchId()).isEqualTo("batches/local000001");
    assertThat(server.submissions()).isEqualTo(1);
    assertThat(server.rejections()).isEmpty();
    LocalServer.Request create = server.requests().get(0);
    assertThat(create.method()).isEqualTo("POST");
    assertThat(create.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:batchGenerateContent");
    JsonNode batch = JSON.readTree(create.body()).get("batch");
    assertThat(batch.get("displayName").asString()).isEqualTo("job1-b0");
    JsonNode inlined = batch.at("/inputConfig/requests/requests");
    assertThat(inlined).hasSize(3);
    assertThat(inlined.get(0).at("/metadata/key").asString()).isEqualTo("a");
    // each request is exactly the body a whole call sends, and valid against the protos
    assertThat(inlined.get(0).get("request"))
        .isEqualTo(JSON.readTree(provider.request(request("Receipt a")).body()));
    assertThat(GeminiProtos.generateContentRequestErrors(inlined.get(0).get("request").toString()))
        .isEmpty();

    Status pending = api.poll(context(), submission);
    assertThat(pending.state()).isEqualTo(State.VALIDATING);
    assertThat(pending.providerState()).isEqualTo("BATCH_STATE_PENDING");
    assertThat(pending.counts()).isEqualTo(new Counts(3, 0, 0, 3, 0, 0));
    Status running = api.poll(context(), submission);
    assertThat(running.state()).isEqualTo(State.IN_PROGRESS);
    assertThat(running.counts()).isEqualTo(new Counts(3, 1, 1, 1, 0, 0));
    Status succeeded = api.poll(context(), submission);
    assertThat(succeeded.state()).isEqualTo(State.COMPLETED);
    assertThat(succeeded.providerState()).isEqualTo("BATCH_STATE_SUCCEEDED");
    assertThat(succeeded.counts()).isEqualTo(new Counts(3, 2, 1, 0, 0, 0));
    assertThat(succeeded.errors()).isEmpty();

    Map<String, Outcome> outcomes = results(submission, succeeded);
    assertThat(outcomes.keySet()).containsExactly("a", "b", "c");
    TransportResponse a = ((Outcome.Answered) outcomes.get("a")).response();
    assertThat(a.body()).isEqualTo(RECORDED);
    for (Mode mode : List.of(Mode.TOOLS, Mode.JSON_SCHEMA)) {
      ProviderRequest request = request("Receipt a");
      ProviderRequest inMode = new ProviderRequest(request.baseUrl(), request.apiKey(),
          request.model(), TOTAL, mode, request.messages(), null, null);
      ModelReply batchReply = provider.reply(inMode, a);
      assertThat(batchReply).isEqualTo(provider.reply(inMode,
          new TransportResponse(200, Map.of("content-type", "application/json"), RECORDED)));
    }
    assertThat(provider.reply(request("Receipt c"), ((Outcome.Answered) outcomes.get("c")).response())
        .output()).isEqualTo("{\"total\": 12.50}");
    assertThat(outcomes.get("b")).isEqualTo(new Outcome.Failed("b", 429, "RESOURCE_EXHAUSTED",
        "Quota exceeded for this batch request."));
    for (LocalServer.Request request : server.requests()) {
      assertThat(request.header("x-goog-api-key")).as(request.path()).isEqualTo(KEY);
      assertThat(String.valueOf(request.query())).as(request.path()).doesNotContain(KEY);
    }
  }

  @Test
  void answersAreReadWhereGooglesSdksFindThemToo() throws IOException {
    server = GeminiBatchServer.start(item -> Answer.reply(GeminiBatchServer.textResponse("{}", 1, 1)))
        .apiKey(KEY).outputInMetadata();
    server.finishPerPoll(5);
    Submission submission = submit("sdk-shape", entries("x", "y"));
    api.poll(context(), submission);
    Status done = api.poll(context(), submission);

    assertThat(done.state()).isEqualTo(State.COMPLETED);
    assertThat(results(submission, done).keySet()).containsExactly("x", "y");
  }

  @Test
  void aFailedBatchSaysWhyAndHasNoAnswers() throws IOException {
    server = GeminiBatchServer.start(item -> Answer.reply(RECORDED)).apiKey(KEY)
        .failNextBatch("The batch could not be processed.");
    Submission submission = submit("fails", entries("a"));

    Status failed = api.poll(context(), submission);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.providerState()).isEqualTo("BATCH_STATE_FAILED");
    assertThat(failed.errors()).containsExactly("The batch could not be processed.");
    assertThat(results(submission, failed)).isEmpty();
  }

  @Test
  void aCancelledBatchKeepsTheAnswersItFinishedBefore() throws IOException {
    server = GeminiBatchServer.start(item -> Answer.reply(RECORDED)).apiKey(KEY);
    server.finishPerPoll(1);
    Submission submission = submit("cancel", entries("a", "b", "c"));
    api.poll(context(), submission);
    api.poll(context(), submission);

    Status cancelled = api.cancel(context(), submission);
    assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
    assertThat(cancelled.providerState()).isEqualTo("BATCH_STATE_CANCELLED");
    assertThat(results(submission, cancelled).keySet()).containsExactly("a");
    assertThat(server.requests()).filteredOn(r -> r.path().endsWith(":cancel"))
        .singleElement().satisfies(cancel -> {
          assertThat(cancel.method()).isEqualTo("POST");
          assertThat(cancel.path()).isEqualTo("/v1beta/batches/local000001:cancel");
        });
  }

  @Test
  void aBatchPastFortyEightHoursExpires() throws IOException {
    server = GeminiBatchServer.start(item -> Answer.reply(RECORDED)).apiKey(KEY);
    server.finishPerPoll(1);
    Submission submission = submit("expire", entries("a", "b"));
    api.poll(context(), submission);
    api.poll(context(), submission);
    server.advanceClock(Duration.ofHours(49));

    Status expired = api.poll(context(), submission);
    assertThat(expired.state()).isEqualTo(State.EXPIRED);
    assertThat(results(submission, expired).keySet()).containsExactly("a");
  }

  @Test
  void a429OnSubmissionIsAProviderErrorAndCreatesNothing() throws IOException {
    server = GeminiBatchServer.start(item -> Answer.reply(RECORDED)).apiKey(KEY).rejectSubmissions(1);
    List<Entry> entries = entries("a");

    assertThatThrownBy(() -> api.submitStep(context(), Submission.start("limited"), entries))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.errorType()).isEqualTo("RESOURCE_EXHAUSTED");
          assertThat(e.getMessage()).startsWith("Gemini batch mode, creating a batch of 1 requests:")
              .contains("retry in 1s").doesNotContain(KEY);
        });
    assertThat(server.submissions()).isZero();
    assertThat(api.submitStep(context(), Submission.start("limited"), entries).created()).isTrue();
    assertThat(server.submissions()).isEqualTo(1);
    assertThat(server.submissionAttempts()).isEqualTo(2);
  }

  @Test
  void recoveryFindsTheBatchByItsDisplayNameAndRefusesToGuessBetweenTwo() throws IOException {
    server = GeminiBatchServer.start(item -> Answer.reply(RECORDED)).apiKey(KEY);
    server.finishPerPoll(1);
    List<Entry> entries = entries("a", "b");
    Submission start = Submission.start("job7-b3");
    assertThat(api.recover(context(), start, entries)).isEqualTo(start); // nothing was created

    submit("job7-b2", entries("z"));
    String created = api.submitStep(context(), start, entries).batchId(); // its answer is lost
    for (int i = 0; i < 3; i++) {
      submit("filler-" + i, entries("f"));
    }
    assertThat(api.recover(context(), start, entries).batchId()).isEqualTo(created);
    assertThat(server.submissions()).isEqualTo(5);

    api.submitStep(context(), start, entries);
    assertThatThrownBy(() -> api.recover(context(), start, entries))
        .isInstanceOf(QuarryException.class)
        .hasMessageContaining("2 batches have that display name")
        .hasMessageContaining(created);
  }

  @Test
  void pollingAnUnknownBatchSaysSo() {
    server = GeminiBatchServer.start(item -> Answer.reply(RECORDED)).apiKey(KEY);

    assertThatThrownBy(() -> api.poll(context(), Submission.start("x").withBatchId("batches/gone")))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("retrieving batches/gone")
              .contains("no such batch exists for this key's project");
        });
    assertThatThrownBy(() -> api.poll(context(), Submission.start("x").withBatchId("../models")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theServerTakesProtoNamesAndRefusesUnknownFieldsAndMissingKeys() throws IOException {
    server = GeminiBatchServer.start(item -> Answer.reply(RECORDED)).apiKey(KEY);
    JdkHttpTransport http = JdkHttpTransport.create();
    URI uri = URI.create(server.baseUrl() + "/v1beta/models/gemini-2.5-flash:batchGenerateContent");
    String snakeCase = "{\"batch\":{\"display_name\":\"docs-example\",\"input_config\":{\"requests\":"
        + "{\"requests\":[{\"request\":{\"contents\":[{\"parts\":[{\"text\":\"Hi\"}]}]},"
        + "\"metadata\":{\"key\":\"request-1\"}}]}}}}";
    Map<String, String> headers = Map.of("x-goog-api-key", KEY, "content-type", "application/json");

    TransportResponse accepted = http.send(new TransportRequest("POST", uri, headers, snakeCase));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(GeminiBatchApi.status(JSON.readTree(accepted.body())).state())
        .isEqualTo(State.VALIDATING);

    TransportResponse unknown = http.send(new TransportRequest("POST", uri, headers,
        snakeCase.replace("\"display_name\"", "\"displayTitle\"")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("Unknown name \\\"displayTitle\\\"");
    TransportResponse noKey = http.send(new TransportRequest("POST", uri,
        Map.of("content-type", "application/json"), snakeCase));
    assertThat(noKey.status()).isEqualTo(403);
    assertThat(server.submissions()).isEqualTo(1);
    assertThat(server.rejections()).hasSize(1);
  }

  @Test
  void handMadeOperationsFromTheDocsReadAsDocumented() {
    Status running = GeminiBatchApi.status(JSON.readTree(handmade("operation-running.handmade.json")));
    assertThat(running.state()).isEqualTo(State.IN_PROGRESS);
    assertThat(running.counts()).isEqualTo(new Counts(3, 1, 0, 2, 0, 0));

    String succeededBody = handmade("operation-succeeded.handmade.json");
    Status succeeded = GeminiBatchApi.status(JSON.readTree(succeededBody));
    assertThat(succeeded.state()).isEqualTo(State.COMPLETED);
    assertThat(succeeded.counts()).isEqualTo(new Counts(3, 2, 1, 0, 0, 0));
    List<GeminiBatchApi.Inlined> inlined = GeminiBatchApi.inlined(succeededBody);
    assertThat(inlined).extracting(i -> i.metadata().get("key").asString())
        .containsExactly("a", "b", "c");
    assertThat(inlined.get(0).response()).startsWith("{\n").contains("\"{\\\"total\\\": 12.50}\"");
    assertThat(GeminiBatchApi.failed("b", inlined.get(1).error())).isEqualTo(
        new Outcome.Failed("b", 400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
    ModelReply c = provider.reply(request0(), new TransportResponse(200, Map.of(),
        inlined.get(2).response()));
    assertThat(c.truncated()).isTrue();

    String sdkShape = handmade("operation-succeeded-sdk-shape.handmade.json");
    assertThat(GeminiBatchApi.inlined(sdkShape)).hasSize(1);
    Status failed = GeminiBatchApi.status(JSON.readTree(handmade("operation-failed.handmade.json")));
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.errors()).containsExactly("The batch could not be processed.");
  }

  private static ProviderRequest request0() {
    return new ProviderRequest("http://127.0.0.1/v1beta", null, "gemini-2.5-flash", TOTAL,
        Mode.JSON_SCHEMA, List.of(Message.user("x")), null, null);
  }

  @Test
  void statesAndHostileOperationsEndInAStateOrNothing() {
    assertThat(GeminiBatchApi.status(JSON.readTree("{\"done\":true}")).state())
        .isEqualTo(State.COMPLETED);
    assertThat(GeminiBatchApi.status(JSON.readTree("{\"done\":true,\"error\":{\"code\":2}}")).state())
        .isEqualTo(State.FAILED);
    assertThat(GeminiBatchApi.status(JSON.readTree(
        "{\"metadata\":{\"state\":\"JOB_STATE_SUCCEEDED\"},\"done\":true}")).state())
        .isEqualTo(State.COMPLETED);
    assertThat(GeminiBatchApi.status(JSON.readTree(
        "{\"metadata\":{\"state\":\"BATCH_STATE_WHATEVER\",\"batchStats\":{\"requestCount\":\"x\"}}}")))
        .satisfies(s -> {
          assertThat(s.state()).isEqualTo(State.IN_PROGRESS);
          assertThat(s.counts()).isEqualTo(Counts.NONE);
        });
    assertThat(GeminiBatchApi.inlined("[]")).isNull();
    assertThat(GeminiBatchApi.inlined("{\"response\":")).isNull();
    assertThat(GeminiBatchApi.inlined("{\"a\":[1,{\"b\":2}],\"response\":{}}")).isEmpty();
    assertThat(GeminiBatchApi.failed("k", JSON.readTree("{\"code\":503,\"status\":\"UNAVAILABLE\"}")))
        .isEqualTo(new Outcome.Failed("k", 503, "UNAVAILABLE", null));
  }

  @Test
  void entriesAreTheWholeCallBodyUnderTheKeyAndMustNotStream() {
    server = GeminiBatchServer.start(item -> Answer.reply(RECORDED));
    JsonNode json = JSON.readTree(api.entry("r-1", request("x")).json());
    assertThat(json.propertyNames()).containsExactly("request", "metadata");
    assertThat(json.at("/metadata/key").asString()).isEqualTo("r-1");
    assertThat(api.limits().maxBytes()).isLessThan(20_000_000L);
    assertThatThrownBy(() -> api.entry("r-2", request("x").withStream(true)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot stream");
    assertThat(Providers.gemini().batchApi()).containsSame(api);
  }

  @Test
  void answersWithoutTheirKeyFailTheReadAfterEveryOtherAnswerWasDelivered() {
    try (LocalServer local = LocalServer.start()) {
      local.enqueue(200, "{\"name\":\"batches/1\",\"done\":true,\"response\":{\"inlinedResponses\":"
          + "{\"inlinedResponses\":[{\"response\":{\"candidates\":[]},\"metadata\":{\"key\":\"a\"}},"
          + "{\"response\":{\"candidates\":[]}},{\"metadata\":{\"key\":\"c\"}}]}}}");
      Context context = new Context(local.baseUrl() + "/v1beta", KEY, "m", JdkHttpTransport.create());
      Submission submission = Submission.start("s").withBatchId("batches/1");
      Status done = new Status(State.COMPLETED, "BATCH_STATE_SUCCEEDED", Counts.NONE, Map.of(),
          List.of());
      List<Outcome> delivered = new ArrayList<>();

      assertThatThrownBy(() -> api.results(context, submission, done, delivered::add))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("1 inlined response(s) without the metadata key");
      assertThat(delivered).extracting(Outcome::customId).containsExactly("a", "c");
      assertThat(delivered.get(1)).isInstanceOfSatisfying(Outcome.Failed.class,
          f -> assertThat(f.message()).contains("neither a response nor an error"));
    }
  }
}
