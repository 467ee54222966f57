package dev.quarry.reliability;

import static dev.quarry.reliability.Fixtures.KEY;
import static dev.quarry.reliability.Fixtures.PERSON;
import static dev.quarry.reliability.Fixtures.ada;
import static dev.quarry.reliability.Fixtures.openAi;
import static dev.quarry.reliability.Fixtures.toolCompletion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.DeadlineExceededException;
import dev.quarry.ProviderException;
import dev.quarry.Quarry;
import dev.quarry.reliability.Fixtures.FakeTime;
import dev.quarry.testing.LocalServer;
import dev.quarry.transport.JdkHttpTransport;
import dev.quarry.transport.RateLimiter;
import dev.quarry.transport.StreamingResponse;
import dev.quarry.transport.Transport;
import dev.quarry.transport.TransportRequest;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The deadline covers the whole call: attempts, re-asks, retries, backoff, rate-limit waits. */
class DeadlineTest {
  private static final String BUSY = "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}";

  private final LocalServer server = LocalServer.start();
  private final FakeTime time = new FakeTime();

  @AfterEach
  void close() {
    server.close();
  }

  /** The JDK transport, with every request taking {@code latency} on the fake clock. */
  private Transport slowOnTheFakeClock(Duration latency, List<Duration> timeouts) {
    JdkHttpTransport real = JdkHttpTransport.create();
    return new Transport() {
      @Override
      public TransportResponse send(TransportRequest request) throws IOException {
        return send(request, Duration.ofDays(1));
      }

      @Override
      public TransportResponse send(TransportRequest request, Duration timeout) throws IOException {
        timeouts.add(timeout);
        TransportResponse response = real.send(request, Duration.ofSeconds(10));
        time.advance(latency);
        return response;
      }

      @Override
      public StreamingResponse stream(TransportRequest request, Duration timeout) throws IOException {
        return StreamingResponse.of(send(request, timeout));
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void aDeadlineThatPassesBetweenReasksEndsTheCallWithTheAttemptsSoFar(Via via) {
    String invalid = via.body(toolCompletion("{\"name\":\"Ada\",\"age\":-1}", 100, 20));
    server.enqueue(200, invalid);
    server.enqueue(200, invalid);
    server.enqueue(200, via.body(ada()));
    List<Duration> timeouts = new CopyOnWriteArrayList<>();
    Quarry quarry = openAi(server, time)
        .transport(slowOnTheFakeClock(Duration.ofSeconds(2), timeouts))
        .deadline(Duration.ofSeconds(3))
        .maxAttempts(3)
        .build();

    assertThatThrownBy(() -> via.extract(quarry, PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
          assertThat(e.deadline()).isEqualTo(Duration.ofSeconds(3));
          assertThat(e.attempts()).hasSize(2);
          if (via == Via.WHOLE) {
            // the second response came whole, late: it is read, and the re-ask is not sent
            assertThat(e.usage().totalTokens()).isEqualTo(240);
            assertThat(e.getMessage()).contains("after 2 attempts and 240 tokens");
          } else {
            // the second answer was still streaming when the deadline passed: reading stopped
            assertThat(e.usage().totalTokens()).isEqualTo(120);
            assertThat(e.getMessage()).contains("passed while the answer was streaming");
          }
        });
    assertThat(server.requestCount()).isEqualTo(2);
    // each request may only take the time left
    assertThat(timeouts).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void aBackoffThatWouldPassTheDeadlineEndsTheCallWithTheLastErrorAsCause(Via via) {
    for (int i = 0; i < 4; i++) {
      server.enqueue(503, BUSY);
    }
    Quarry quarry = openAi(server, time).deadline(Duration.ofSeconds(3)).maxRetries(5).build();

    assertThatThrownBy(() -> via.extract(quarry, PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
          // waits of 0.5 s and 1 s fit; the third, 2 s, would end at 3.5 s
          assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
          assertThat(e.getCause()).isInstanceOfSatisfying(ProviderException.class,
              cause -> assertThat(cause.status()).isEqualTo(503));
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.retries()).hasSize(2));
          assertThat(e.requestCount()).isEqualTo(3);
        });
  }

  @Test
  void aResponseSlowerThanTheDeadlineIsCutOffAtTheDeadline() {
    server.enqueueSlowBody(200, ada(), Duration.ofSeconds(30));
    Quarry quarry = Quarry.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-4o-mini")
        .deadline(Duration.ofMillis(500))
        .build();

    assertThatThrownBy(() -> quarry.extract(PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
          assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.status()).isZero());
        });
  }

  @Test
  void aStreamSlowerThanTheDeadlineIsCancelledAtTheDeadline() {
    server.enqueueSlowBody(200, Via.STREAMED.body(ada()), Duration.ofSeconds(30));
    Quarry quarry = Quarry.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-4o-mini")
        .deadline(Duration.ofMillis(500))
        .build();

    assertThatThrownBy(() -> Via.STREAMED.extract(quarry, PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
          assertThat(e.getMessage()).contains("passed while the answer was streaming")
              .contains("the request was cancelled");
          assertThat(e.deadline()).isEqualTo(Duration.ofMillis(500));
          assertThat(e.attempts()).singleElement()
              .satisfies(a -> assertThat(a.status()).isEqualTo(200));
        });
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void aRateLimitWaitPastTheDeadlineEndsTheCallBeforeSending(Via via) {
    server.enqueue(200, via.body(ada()));
    Quarry quarry = openAi(server, time)
        .rateLimiter(RateLimiter.perMinute(1, 0, time))
        .deadline(Duration.ofSeconds(10))
        .build();
    assertThat(via.extract(quarry, PERSON, "Ada, 36").value()).isNotNull();

    assertThatThrownBy(() -> via.extract(quarry, PERSON, "Ada, 36"))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
          assertThat(e.getMessage()).contains("rate limit");
          assertThat(e.attempts()).isEmpty();
        });
    assertThat(server.requestCount()).isEqualTo(1);
  }
}
