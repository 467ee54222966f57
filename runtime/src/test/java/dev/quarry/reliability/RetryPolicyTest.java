package dev.quarry.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.transport.RetryPolicy;
import dev.quarry.transport.TransportResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  private final RetryPolicy policy = RetryPolicy.builder().jitter(() -> 1.0).build();

  private static TransportResponse response(int status, Map<String, String> headers) {
    return new TransportResponse(status, headers, "");
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 409, 429, 500, 502, 503, 504, 529})
  void transientStatusesAreRetried(int status) {
    assertThat(policy.isRetryable(response(status, Map.of()))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 422, 402, 413, 418})
  void otherStatusesAreNot(int status) {
    assertThat(policy.isRetryable(response(status, Map.of()))).isFalse();
  }

  @Test
  void xShouldRetryOverridesTheStatusRule() {
    assertThat(policy.isRetryable(response(500, Map.of("x-should-retry", "false")))).isFalse();
    assertThat(policy.isRetryable(response(418, Map.of("x-should-retry", "true")))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 422})
  void xShouldRetryCannotMakeAClientErrorRetryable(int status) {
    assertThat(policy.isRetryable(response(status, Map.of("x-should-retry", "true")))).isFalse();
  }

  @Test
  void exhaustedQuotaIsNotRetried() {
    TransportResponse quota = new TransportResponse(429, Map.of(),
        "{\"error\":{\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}");
    assertThat(policy.isRetryable(quota)).isFalse();
  }

  @Test
  void connectionFailuresAndTimeoutsAreRetriedInterruptsAreNot() {
    assertThat(policy.isRetryable(new ConnectException("refused"))).isTrue();
    assertThat(policy.isRetryable(new IOException("connection reset"))).isTrue();
    assertThat(policy.isRetryable(new HttpTimeoutException("timed out"))).isTrue();
    assertThat(policy.isRetryable(new InterruptedIOException("interrupted"))).isFalse();
  }

  @Test
  void backoffDoublesFromTheInitialDelayUpToTheMaximum() {
    assertThat(policy.delay(1, null)).contains(Duration.ofMillis(500));
    assertThat(policy.delay(2, null)).contains(Duration.ofSeconds(1));
    assertThat(policy.delay(3, null)).contains(Duration.ofSeconds(2));
    assertThat(policy.delay(5, null)).contains(Duration.ofSeconds(8));
    assertThat(policy.delay(60, null)).contains(Duration.ofSeconds(8));
  }

  @Test
  void fullJitterScalesTheWholeDelay() {
    RetryPolicy jittered = RetryPolicy.builder().jitter(() -> 0.25).build();
    assertThat(jittered.delay(3, null)).contains(Duration.ofMillis(500));
    RetryPolicy none = RetryPolicy.builder().jitter(() -> 0.0).build();
    assertThat(none.delay(3, null)).contains(Duration.ZERO);
  }

  @Test
  void retryAfterSecondsIsHonouredExactly() {
    assertThat(policy.delay(1, response(429, Map.of("retry-after", "7"))))
        .contains(Duration.ofSeconds(7));
    assertThat(policy.delay(1, response(429, Map.of("retry-after", "0.5"))))
        .contains(Duration.ofMillis(500));
  }

  @Test
  void retryAfterMsWinsOverRetryAfter() {
    assertThat(policy.delay(1, response(429, Map.of("retry-after-ms", "1234", "retry-after", "9"))))
        .contains(Duration.ofMillis(1234));
  }

  @Test
  void retryAfterHttpDateIsMeasuredFromTheDateHeader() {
    TransportResponse response = response(503, Map.of(
        "date", "Wed, 21 Oct 2015 07:28:00 GMT",
        "retry-after", "Wed, 21 Oct 2015 07:28:30 GMT"));
    assertThat(policy.delay(1, response)).contains(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterHttpDateWithoutDateHeaderIsMeasuredFromNow() {
    TransportResponse response =
        response(503, Map.of("retry-after", "Wed, 21 Oct 2015 07:28:30 GMT"));
    assertThat(RetryPolicy.retryAfter(response, Instant.parse("2015-10-21T07:28:20Z")))
        .contains(Duration.ofSeconds(10));
    assertThat(RetryPolicy.retryAfter(response, Instant.parse("2015-10-21T08:00:00Z")))
        .contains(Duration.ZERO);
  }

  @Test
  void geminiRetryInfoInTheBodyIsHonoured() {
    TransportResponse response = new TransportResponse(429, Map.of(),
        "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\": \"37s\"}]}}");
    assertThat(policy.delay(1, response)).contains(Duration.ofSeconds(37));
  }

  @Test
  void unreadableRetryAfterFallsBackToBackoff() {
    assertThat(policy.delay(2, response(429, Map.of("retry-after", "soon"))))
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void aWaitLongerThanMaxRetryAfterEndsTheRetries() {
    assertThat(policy.delay(1, response(429, Map.of("retry-after", "3600"))))
        .isEqualTo(Optional.empty());
    RetryPolicy patient = RetryPolicy.builder().maxRetryAfter(Duration.ofHours(2)).build();
    assertThat(patient.delay(1, response(429, Map.of("retry-after", "3600"))))
        .contains(Duration.ofHours(1));
  }

  @Test
  void nextSaysWhetherToSendAgainAndWhyNot() {
    RetryPolicy two = policy.withMaxRetries(2);
    assertThat(two.next(0, response(503, Map.of()), null))
        .isEqualTo(RetryPolicy.Next.retry(Duration.ofMillis(500)));
    assertThat(two.next(1, null, new ConnectException("refused")).delay())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(two.next(2, response(503, Map.of()), null).gaveUp())
        .isEqualTo("gave up after 2 retries (RetryPolicy.maxRetries 2).");
    assertThat(two.next(0, response(400, Map.of()), null).gaveUp())
        .isEqualTo("not retried: HTTP 400 is not retryable.");
    assertThat(two.next(0, response(503, Map.of("x-should-retry", "false")), null).gaveUp())
        .isEqualTo("not retried: the server answered x-should-retry: false.");
    assertThat(two.next(0, null, new InterruptedIOException()).gaveUp())
        .isEqualTo("not retried: the thread was interrupted.");
    assertThat(two.next(0, response(429, Map.of("retry-after", "3600")), null).gaveUp())
        .isEqualTo("not retried: the server asked to wait longer than RetryPolicy.maxRetryAfter PT1M.");
    assertThat(two.next(0, response(429, Map.of("retry-after", "2")), null).retries()).isTrue();
    assertThatThrownBy(() -> two.next(0, null, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsAreThoseOfTheProviderSdks() {
    RetryPolicy defaults = RetryPolicy.defaults();
    assertThat(defaults.maxRetries()).isEqualTo(2);
    assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(8));
    assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RetryPolicy.none().maxRetries()).isZero();
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries < 0");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder()
            .initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter");
  }
}
