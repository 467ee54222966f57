package dev.quarry.reliability;

import static dev.quarry.reliability.Fixtures.KEY;
import static dev.quarry.reliability.Fixtures.PERSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.BatchResult;
import dev.quarry.Extraction;
import dev.quarry.InvalidInputException;
import dev.quarry.ProviderException;
import dev.quarry.Quarry;
import dev.quarry.reliability.Fixtures.FakeTime;
import dev.quarry.reliability.Fixtures.Person;
import dev.quarry.transport.RateLimiter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static Quarry quarry(EchoTransport transport) {
    return Quarry.builder().transport(transport).apiKey(KEY).model("gpt-4o-mini").build();
  }

  @Test
  void extractAsyncCompletesWithTheExtraction() {
    Extraction<Person> result =
        quarry(new EchoTransport(Duration.ZERO)).extractAsync(PERSON, "Ada").join();

    assertThat(result.value()).isEqualTo(new Person("Ada", 1));
  }

  @Test
  void extractAsyncFailsTheFutureWithTheQuarryException() {
    CompletableFuture<Extraction<Person>> future =
        quarry(new EchoTransport(Duration.ZERO)).extractAsync(PERSON, "fail now");

    assertThatThrownBy(future::join)
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.attempts()).hasSize(1);
        });
  }

  @Test
  void extractAsyncRejectsBadInputAtOnce() {
    EchoTransport transport = new EchoTransport(Duration.ZERO);
    assertThatThrownBy(() -> quarry(transport).extractAsync(PERSON, " "))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> quarry(transport).extractAsync(PERSON, null))
        .isInstanceOf(NullPointerException.class).hasMessage("userMessage == null");
    assertThat(transport.requests).hasValue(0);
  }

  @Test
  void defaultExecutorUsesVirtualThreadsWhereTheJvmHasThem() throws Exception {
    EchoTransport transport = new EchoTransport(Duration.ZERO);
    quarry(transport).extractAsync(PERSON, "Ada").join();

    Thread thread = transport.threads.iterator().next();
    if (Runtime.version().feature() >= 21) {
      Method isVirtual = Thread.class.getMethod("isVirtual");
      assertThat((Boolean) isVirtual.invoke(thread)).isTrue();
    } else {
      assertThat(thread.getName()).startsWith("quarry-async-");
      assertThat(thread.isDaemon()).isTrue();
    }
  }

  @Test
  void batchKeepsInputOrderAndReportsFailuresPerItem() {
    EchoTransport transport = new EchoTransport(Duration.ofMillis(5));
    Quarry quarry = quarry(transport);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      inputs.add(i % 10 == 3 ? "fail " + i : "person " + i);
    }

    BatchResult<String, Person> result =
        quarry.batch(inputs, text -> quarry.extract(PERSON, text).value(), 8);

    assertThat(result.items()).hasSize(50);
    for (int i = 0; i < 50; i++) {
      BatchResult.Item<String, Person> item = result.items().get(i);
      assertThat(item.index()).isEqualTo(i);
      assertThat(item.input()).isEqualTo(inputs.get(i));
      if (i % 10 == 3) {
        assertThat(item.succeeded()).isFalse();
        assertThat(item.error()).isInstanceOf(ProviderException.class)
            .hasMessageContaining("rejected fail " + i);
      } else {
        assertThat(item.value()).isEqualTo(new Person("person " + i, 1));
      }
    }
    assertThat(result.failures()).hasSize(5);
    assertThat(result.values()).hasSize(45);
    assertThat(result.allSucceeded()).isFalse();
    assertThat(transport.maxInFlight.get()).isBetween(1, 8);
  }

  @Test
  void batchCatchesWhateverTheFunctionThrows() {
    Quarry quarry = quarry(new EchoTransport(Duration.ZERO));

    BatchResult<String, Integer> result = quarry.batch(List.of("1", "x", "3"), Integer::parseInt);

    assertThat(result.items()).extracting(BatchResult.Item::value).containsExactly(1, null, 3);
    assertThat(result.items().get(1).error()).isInstanceOf(NumberFormatException.class);
  }

  @Test
  void batchRunsOnAGivenExecutor() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      EchoTransport transport = new EchoTransport(Duration.ofMillis(2));
      Quarry quarry = Quarry.builder().transport(transport).apiKey(KEY).model("gpt-4o-mini")
          .executor(pool).build();
      List<String> inputs = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        inputs.add("p" + i);
      }

      BatchResult<String, Person> result =
          quarry.batch(inputs, text -> quarry.extract(PERSON, text).value(), 10);

      assertThat(result.allSucceeded()).isTrue();
      assertThat(transport.threads).hasSizeLessThanOrEqualTo(3);
      assertThat(transport.maxInFlight.get()).isLessThanOrEqualTo(3);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theRateLimiterSpacesRequestsOfABatch() {
    FakeTime time = new FakeTime();
    EchoTransport transport = new EchoTransport(Duration.ZERO);
    Quarry quarry = Quarry.builder().transport(transport).apiKey(KEY).model("gpt-4o-mini")
        .timeSource(time).rateLimiter(RateLimiter.perMinute(2, 0, time)).build();

    BatchResult<String, Person> result =
        quarry.batch(List.of("a", "b", "c", "d"), text -> quarry.extract(PERSON, text).value(), 1);

    assertThat(result.allSucceeded()).isTrue();
    // two requests at once, then one every 30 s
    Duration slept = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(slept).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(61));
  }

  @Test
  void rateLimiterCountsTokensAfterTheFact() {
    FakeTime time = new FakeTime();
    RateLimiter limiter = RateLimiter.perMinute(0, 1000, time);

    assertThat(limiter.tryAcquire()).isZero();
    limiter.consumeTokens(1500);
    // 500 tokens in debt at 1000 a minute: 30 s
    assertThat(limiter.tryAcquire()).isBetween(Duration.ofSeconds(30), Duration.ofMillis(30_001));
    time.advance(Duration.ofSeconds(30));
    assertThat(limiter.tryAcquire()).isZero();
  }

  @Test
  void rateLimiterAllowsABurstThenSpacesRequests() {
    FakeTime time = new FakeTime();
    RateLimiter limiter = RateLimiter.perMinute(60, 0, time);
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.tryAcquire()).isZero();
    }
    assertThat(limiter.tryAcquire()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1001));
    time.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire()).isZero();
  }

  @Test
  void oneClientServesManyThreadsAtOnce() {
    EchoTransport transport = new EchoTransport(Duration.ofMillis(1));
    Quarry quarry = quarry(transport);
    List<CompletableFuture<Extraction<Person>>> futures = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      futures.add(quarry.extractAsync(PERSON, "p" + i));
    }
    for (int i = 0; i < 300; i++) {
      assertThat(futures.get(i).join().value().name()).isEqualTo("p" + i);
    }
    assertThat(quarry.totalUsage().totalTokens()).isEqualTo(300 * 15);
  }
}
