package dev.quarry.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.quarry.testing.BatchDocs.DOC;
import static dev.quarry.testing.BatchDocs.docs;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.BatchItemException;
import dev.quarry.BatchJob;
import dev.quarry.BatchProgress;
import dev.quarry.BatchStore;
import dev.quarry.PriceTable;
import dev.quarry.Quarry;
import dev.quarry.RetriesExhaustedException;
import dev.quarry.observe.QuarryListener;
import dev.quarry.testing.BatchDocs;
import dev.quarry.testing.BatchDocs.Doc;
import dev.quarry.testing.OpenAiBatchServer;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch jobs end to end against a local server that implements OpenAI's Batch API per its
 * OpenAPI spec ({@link OpenAiBatchServer}): uploads, every polling state, output and error
 * files, re-asks in follow-up batches, expiry, cancellation, a failed batch, a 429 on
 * submission, and a job killed at several points and resumed from its store.
 */
class OpenAiBatchTest {
  private final OpenAiBatchServer server = OpenAiBatchServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  private Quarry quarry(Transport transport, QuarryListener... listeners) {
    Quarry.Builder builder = Quarry.builder().baseUrl(server.baseUrl()).apiKey("sk-test-batch-1")
        .model("gpt-4o-mini").transport(transport).maxRetries(0)
        .prices(PriceTable.builder().price("gpt-4o-mini", 0.15, 0.60)
            .batchPrice("gpt-4o-mini", 0.075, 0.30).build());
    for (QuarryListener listener : listeners) {
      builder.listener(listener);
    }
    return builder.build();
  }

  private static BatchJob.Options.Builder options() {
    return BatchJob.Options.builder().pollInterval(Duration.ZERO);
  }

  @Test
  void everyInputIsAnsweredThroughTheEngineAndAnInvalidAnswerIsReaskedInAFollowUpBatch() {
    server.answers = BatchDocs::answer;
    List<BatchProgress> heard = new CopyOnWriteArrayList<>();
    Quarry quarry = quarry(JdkHttpTransport.create(), new QuarryListener() {
      @Override
      public void batchProgress(BatchProgress progress) {
        heard.add(progress);
      }
    });
    List<String> inputs = docs(5);
    BatchJob<String, Doc> job = quarry.batchJob(text -> quarry.extract(DOC, text).value(), inputs,
        options().id("docs-1").build());
    assertThat(server.uploads.get()).as("nothing is sent before submit()").isZero();

    BatchJob.Result<String, Doc> result = job.submit().await(Duration.ofMinutes(1));

    assertThat(result.failures()).isEmpty();
    for (BatchJob.Item<String, Doc> item : result.items()) {
      assertThat(item.input()).isEqualTo(inputs.get(item.index()));
      assertThat(item.value()).isEqualTo(new Doc("Document " + item.index(), item.index() + 1));
      assertThat(item.attempt()).isEqualTo(item.index() == 2 ? 2 : 1);
    }
    BatchJob.Item<String, Doc> reasked = result.items().get(2);
    assertThat(reasked.customId()).isEqualTo("q2-2");
    assertThat(reasked.extraction().attempts().get(0).violations())
        .anySatisfy(v -> assertThat(v.message()).contains("pages must be >= 0"));
    assertThat(reasked.extraction().attempts().get(0).output()).contains("\"pages\":-1");
    assertThat(result.batches()).isEqualTo(2);
    assertThat(server.uploads.get()).isEqualTo(2);
    assertThat(server.creates.get()).isEqualTo(2);
    assertThat(server.entries.get()).isEqualTo(6);
    assertThat(server.visited()).containsSubsequence("validating", "in_progress", "finalizing", "completed");
    assertThat(server.specErrors()).isEmpty();
    assertThat(result.usage().totalTokens()).isEqualTo(6 * 30);
    // 6 answers of 20 input and 10 output tokens at the batch price.
    assertThat(result.cost().orElseThrow().total())
        .isEqualByComparingTo(new java.math.BigDecimal("0.000027"));
    assertThat(heard).isNotEmpty();
    assertThat(heard.get(heard.size() - 1).line()).contains("5 items, 5 ok, 0 failed");
    assertThat(heard.get(0).providerCounts().total()).isEqualTo(5);
  }

  @Test
  void responsesApiBodiesRunAsABatchOfTheResponsesEndpointWithTheirReasks() {
    server.answers = BatchDocs::answer;
    List<String> urls = new CopyOnWriteArrayList<>();
    Transport http = JdkHttpTransport.create();
    Quarry quarry = Quarry.builder().provider(dev.quarry.provider.Providers.openAiResponses())
        .baseUrl(server.baseUrl()).apiKey("sk-test-batch-1").model("gpt-4o-mini").maxRetries(0)
        .transport(request -> {
          if (request.uri().getPath().endsWith("/batches") && request.method().equals("POST")) {
            urls.add(tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(request.body()).path("endpoint").asString());
          }
          return http.send(request);
        })
        .build();
    List<String> inputs = docs(4);

    BatchJob.Result<String, Doc> result = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), inputs, options().build())
        .submit().await(Duration.ofMinutes(1));

    assertThat(result.failures()).isEmpty();
    for (BatchJob.Item<String, Doc> item : result.items()) {
      assertThat(item.value()).isEqualTo(new Doc("Document " + item.index(), item.index() + 1));
    }
    BatchJob.Item<String, Doc> reasked = result.items().get(2);
    assertThat(reasked.attempt()).isEqualTo(2);
    assertThat(reasked.extraction().attempts().get(0).violations())
        .anySatisfy(v -> assertThat(v.message()).contains("pages must be >= 0"));
    assertThat(urls).containsExactly("/v1/responses", "/v1/responses");
    assertThat(server.entries.get()).isEqualTo(5);
    assertThat(server.specErrors()).isEmpty(); // every entry a valid CreateResponse
    assertThat(result.usage().totalTokens()).isEqualTo(5 * 30);
  }

  @Test
  void aBatchedAttemptsLatencyRunsFromItsBatchsSubmissionToItsResult() {
    server.answers = BatchDocs::answer;
    List<Duration> heard = new CopyOnWriteArrayList<>();
    Transport http = JdkHttpTransport.create();
    Transport slowPolls = request -> {
      if (request.method().equals("GET") && request.uri().getPath().startsWith("/v1/batches/")) {
        try {
          Thread.sleep(40); // each of the 4 polls takes 40 ms: the batch runs for 160 ms or more
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
      }
      return http.send(request);
    };
    Quarry quarry = quarry(slowPolls, new QuarryListener() {
      @Override
      public void responseReceived(dev.quarry.observe.CallInfo call, int attempt, int status,
          String body, Duration latency) {
        heard.add(latency);
      }
    });
    long started = System.nanoTime();

    BatchJob.Result<String, Doc> result = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), docs(3), options().build())
        .submit().await(Duration.ofMinutes(1));

    Duration whole = Duration.ofNanos(System.nanoTime() - started);
    BatchJob.Item<String, Doc> reasked = result.items().get(2);
    assertThat(reasked.extraction().attempts()).hasSize(2);
    for (BatchJob.Item<String, Doc> item : result.items()) {
      for (dev.quarry.Extraction.Attempt attempt : item.extraction().attempts()) {
        assertThat(attempt.latency()).isBetween(Duration.ofMillis(150), whole);
      }
    }
    // The re-ask's batch was submitted after the first batch ended: it is timed from then.
    assertThat(reasked.extraction().attempts().get(1).latency())
        .isLessThan(whole.minus(reasked.extraction().attempts().get(0).latency()).plusMillis(5));
    assertThat(heard).hasSize(4).allSatisfy(l -> assertThat(l).isGreaterThanOrEqualTo(Duration.ofMillis(150)));
  }

  @Test
  void reasksCanBeSynchronousCalls() {
    server.answers = BatchDocs::answer;
    List<TransportRequest> direct = new CopyOnWriteArrayList<>();
    Transport http = JdkHttpTransport.create();
    Quarry quarry = quarry(request -> {
      if (request.uri().getPath().endsWith("/chat/completions")) {
        direct.add(request);
        return new TransportResponse(200, java.util.Map.of(), "{\"id\":\"c\",\"object\":"
            + "\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"title\\\":\\\"Document 2\\\","
            + "\\\"pages\\\":3}\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":40,"
            + "\"completion_tokens\":10,\"total_tokens\":50}}");
      }
      return http.send(request);
    });
    BatchJob.Result<String, Doc> result = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), docs(4), options().reaskInBatch(false).build())
        .submit().await(Duration.ofMinutes(1));

    assertThat(result.failures()).isEmpty();
    assertThat(result.items().get(2).value()).isEqualTo(new Doc("Document 2", 3));
    assertThat(result.items().get(2).attempt()).isEqualTo(2);
    assertThat(direct).hasSize(1);
    assertThat(server.creates.get()).isEqualTo(1);
    // Each attempt at its own price: the batched answer (20 + 10 tokens) at the batch price, the
    // synchronous re-ask (40 + 10) at the regular price.
    assertThat(result.items().get(2).extraction().cost().orElseThrow().total())
        .isEqualByComparingTo(new java.math.BigDecimal("0.0000165"));
    assertThat(result.cost().orElseThrow().total())
        .isEqualByComparingTo(new java.math.BigDecimal("0.000030"));
  }

  @Test
  void anAnswerInvalidOnEveryAttemptEndsInRetriesExhaustedWithEveryAnswerKept() {
    server.answers = (id, body) -> "{\"title\":\"x\",\"pages\":-5}";
    Quarry quarry = Quarry.builder().baseUrl(server.baseUrl()).apiKey("sk-test-batch-1")
        .model("gpt-4o-mini").maxAttempts(2).build();
    BatchJob.Result<String, Doc> result = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), docs(2), options().build())
        .submit().await(Duration.ofMinutes(1));

    assertThat(result.failures()).hasSize(2);
    RetriesExhaustedException error = (RetriesExhaustedException) result.failures().get(0).error();
    assertThat(error.attempts()).hasSize(2);
    assertThat(error.attempts()).allSatisfy(a -> assertThat(a.output()).contains("-5"));
    assertThat(server.creates.get()).isEqualTo(2);
  }

  @Test
  void anExpiredBatchEndsItsUnansweredItemsAsExpired() {
    server.states = List.of("validating", "in_progress", "expired");
    server.answeredBeforeExpiry = 2;
    server.answers = BatchDocs::answer;
    Quarry quarry = quarry(JdkHttpTransport.create());
    BatchJob.Result<String, Doc> result = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), List.of("Document 0", "Document 1",
            "Document 3", "Document 4"), options().build()).submit().await(Duration.ofMinutes(1));

    assertThat(result.values()).hasSize(2);
    assertThat(result.failures()).hasSize(2).allSatisfy(item -> {
      assertThat(item.error()).isInstanceOf(BatchItemException.class);
      assertThat(((BatchItemException) item.error()).kind()).isEqualTo(BatchStore.Result.Kind.EXPIRED);
      assertThat(item.error().getMessage()).contains("expired").contains(item.customId());
    });
    assertThat(server.specErrors()).isEmpty();
  }

  @Test
  void aCancelledJobEndsEveryUnfinishedItemAsCancelled() {
    server.states = List.of("validating", "in_progress", "in_progress", "in_progress", "completed");
    Quarry quarry = quarry(JdkHttpTransport.create());
    BatchJob<String, Doc> job = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), docs(3), options().build());
    job.submit().status();
    BatchJob.Result<String, Doc> result = job.cancel().await(Duration.ofMinutes(1));

    assertThat(result.failures()).hasSize(3).allSatisfy(item ->
        assertThat(((BatchItemException) item.error()).kind()).isEqualTo(BatchStore.Result.Kind.CANCELLED));
    assertThat(server.visited()).endsWith("cancelled");
  }

  @Test
  void aBatchThatFailsAsAWholeEndsItsItemsWithTheProvidersErrors() {
    server.states = List.of("validating", "failed");
    Quarry quarry = quarry(JdkHttpTransport.create());
    BatchJob.Result<String, Doc> result = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), docs(2), options().build())
        .submit().await(Duration.ofMinutes(1));

    assertThat(result.failures()).hasSize(2).allSatisfy(item -> {
      BatchItemException error = (BatchItemException) item.error();
      assertThat(error.kind()).isEqualTo(BatchStore.Result.Kind.BATCH_FAILED);
      assertThat(error.getMessage()).contains("invalid_json_line");
    });
  }

  @Test
  void a429OnSubmissionIsWaitedOutWithoutUploadingAgain() {
    server.create429.set(2);
    server.answers = BatchDocs::answer;
    Quarry quarry = quarry(JdkHttpTransport.create());
    BatchJob<String, Doc> job = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), List.of("Document 0"), options().build());
    job.submit();
    assertThat(job.lastSubmitError()).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(429));

    BatchJob.Result<String, Doc> result = job.await(Duration.ofMinutes(1));

    assertThat(result.values()).containsExactly(new Doc("Document 0", 1));
    assertThat(server.uploads.get()).isEqualTo(1);
    assertThat(server.creates.get()).isEqualTo(1);
  }

  @Test
  void failedUploadsSubmissionsAndPollsAreSentAgainUnderTheClientsRetryPolicy() {
    server.create429.set(2);
    server.answers = BatchDocs::answer;
    List<String> broken = new CopyOnWriteArrayList<>();
    AtomicBoolean uploadFailed = new AtomicBoolean();
    AtomicBoolean pollFailed = new AtomicBoolean();
    Transport http = JdkHttpTransport.create();
    Transport flaky = request -> {
      String line = request.method() + " " + request.uri().getPath();
      if ((line.equals("POST /v1/files") && uploadFailed.compareAndSet(false, true))
          || (line.startsWith("GET /v1/batches/") && pollFailed.compareAndSet(false, true))) {
        broken.add(line);
        throw new java.net.ConnectException("connection refused (test)");
      }
      return http.send(request);
    };
    Quarry quarry = Quarry.builder().baseUrl(server.baseUrl()).apiKey("sk-test-batch-1")
        .model("gpt-4o-mini").transport(flaky)
        .retryPolicy(dev.quarry.transport.RetryPolicy.builder().maxRetries(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build())
        .build();
    BatchJob<String, Doc> job = quarry.batchJob(
        text -> quarry.extract(DOC, text).value(), List.of("Document 0", "Document 1"),
        options().build());

    job.submit();
    assertThat(job.lastSubmitError()).isEmpty(); // two 429s and a refused upload, waited out
    BatchJob.Result<String, Doc> result = job.await(Duration.ofMinutes(1));

    assertThat(broken).hasSize(2);
    assertThat(broken.get(0)).isEqualTo("POST /v1/files");
    assertThat(broken.get(1)).startsWith("GET /v1/batches/batch_");
    assertThat(result.values()).containsExactly(new Doc("Document 0", 1), new Doc("Document 1", 2));
    assertThat(server.uploads.get()).isEqualTo(1);
    assertThat(server.creates.get()).isEqualTo(1);
    assertThat(server.specErrors()).isEmpty();
  }

  @Test
  void theJobMustBeOfAProviderWithABatchApiAndCallThisClient() {
    Quarry other = quarry(JdkHttpTransport.create());
    Quarry quarry = quarry(JdkHttpTransport.create());
    assertThatThrownBy(() -> quarry.batchJob(text -> other.extract(DOC, text).value(), docs(1)))
        .isInstanceOf(dev.quarry.ConfigurationException.class)
        .hasMessageContaining("another Quarry");
    assertThatThrownBy(() -> quarry.batchJob(text -> text.length(), docs(1)))
        .hasMessageContaining("made no Quarry call");
    Quarry ollama = Quarry.builder().provider("ollama/qwen2.5").baseUrl(server.baseUrl()).build();
    assertThatThrownBy(() -> ollama.batchJob(text -> ollama.extract(DOC, text).value(), docs(1)))
        .hasMessageContaining("has no batch API");
  }

  /**
   * The job's process dies right after the server acted on a request (its response lost), at
   * each of the points that matter; the job made again from its store resumes and ends with the
   * same values, having uploaded and created each batch once.
   */
  @ParameterizedTest
  @ValueSource(strings = {"POST /v1/files", "POST /v1/batches", "GET /v1/batches/", "/content"})
  void aJobKilledAtAnyPointResumesWithoutSubmittingTwiceOrLosingAResult(String killAt) {
    server.answers = BatchDocs::answer;
    BatchStore store = BatchStore.inMemory();
    Transport http = JdkHttpTransport.create();
    AtomicBoolean killed = new AtomicBoolean();
    Transport dying = request -> {
      TransportResponse response = http.send(request);
      String line = request.method() + " " + request.uri().getPath();
      if (line.contains(killAt) && !line.endsWith("/cancel") && killed.compareAndSet(false, true)) {
        throw new IOException("killed after " + line);
      }
      return response;
    };
    Quarry first = quarry(dying);
    List<String> inputs = docs(5);
    assertThatThrownBy(() -> first.batchJob(text -> first.extract(DOC, text).value(), inputs,
        options().id("resume-1").store(store).build()).submit().await(Duration.ofMinutes(1)))
        .hasMessageContaining("killed after");

    Quarry second = quarry(http);
    BatchJob.Result<String, Doc> result = second.batchJob(
        text -> second.extract(DOC, text).value(), inputs,
        options().id("resume-1").store(store).build()).submit().await(Duration.ofMinutes(1));

    assertThat(result.failures()).isEmpty();
    assertThat(result.values()).hasSize(5);
    assertThat(result.usage().totalTokens()).isEqualTo(6 * 30);
    assertThat(server.uploads.get()).isEqualTo(2);
    assertThat(server.creates.get()).isEqualTo(2);
    assertThat(server.specErrors()).isEmpty();
  }

  @Test
  void aResumedJobsElapsedTimeCountsFromItsFirstSubmission() throws InterruptedException {
    server.answers = BatchDocs::answer;
    BatchStore store = BatchStore.inMemory();
    Quarry quarry = quarry(JdkHttpTransport.create());
    List<String> inputs = docs(2);
    quarry.batchJob(text -> quarry.extract(DOC, text).value(), inputs,
        options().id("elapsed-1").store(store).build()).submit();
    Thread.sleep(250);

    BatchJob<String, Doc> resumed = quarry.batchJob(text -> quarry.extract(DOC, text).value(),
        inputs, options().id("elapsed-1").store(store).build());

    assertThat(resumed.progress().elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(resumed.await(Duration.ofMinutes(1)).values()).hasSize(2);
    assertThat(server.creates.get()).isEqualTo(1);
  }

  @Test
  void aJobKilledWhileStoringResultsKeepsWhatItStoredAndReadsTheRestAgain() {
    server.answers = BatchDocs::answer;
    BatchStore memory = BatchStore.inMemory();
    List<String> saved = new ArrayList<>();
    BatchStore dying = new BatchStore() {
      @Override public java.util.Optional<Stored> load(String jobId) { return memory.load(jobId); }
      @Override public void saveJob(Job job) { memory.saveJob(job); }
      @Override public void saveBatch(String jobId, Batch batch) { memory.saveBatch(jobId, batch); }
      @Override public void saveResult(String jobId, Result result) {
        if (saved.size() == 2) {
          throw new IllegalStateException("killed while storing " + result.customId());
        }
        saved.add(result.customId());
        memory.saveResult(jobId, result);
      }
    };
    Quarry first = quarry(JdkHttpTransport.create());
    assertThatThrownBy(() -> first.batchJob(text -> first.extract(DOC, text).value(), docs(5),
        options().id("resume-2").store(dying).build()).submit().await(Duration.ofMinutes(1)))
        .hasMessageContaining("killed while storing");

    Quarry second = quarry(JdkHttpTransport.create());
    BatchJob.Result<String, Doc> result = second.batchJob(
        text -> second.extract(DOC, text).value(), docs(5),
        options().id("resume-2").store(memory).build()).submit().await(Duration.ofMinutes(1));

    assertThat(result.values()).hasSize(5);
    assertThat(result.usage().totalTokens()).isEqualTo(6 * 30);
    assertThat(server.creates.get()).isEqualTo(2);
    assertThat(memory.load("resume-2").orElseThrow().results()).hasSize(6);
  }

  @Test
  void aResumedJobMustHaveTheSameInputs() {
    BatchStore store = BatchStore.inMemory();
    Quarry quarry = quarry(JdkHttpTransport.create());
    quarry.batchJob(text -> quarry.extract(DOC, text).value(), docs(2),
        options().id("same-1").store(store).build());
    assertThatThrownBy(() -> quarry.batchJob(text -> quarry.extract(DOC, text).value(), docs(3),
        options().id("same-1").store(store).build()))
        .isInstanceOf(dev.quarry.ConfigurationException.class)
        .hasMessageContaining("other inputs");
  }
}
