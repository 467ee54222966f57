package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of a call with everything that led to it: the value, every attempt (the exact
 * request sent, the raw response, what went wrong, the transport retries), the usage summed over
 * all attempts, the latency, and the cost when a {@link PriceTable} prices the model. Declare it
 * as a method's return type to get it instead of the bare value.
 *
 * <pre>{@code
 * Extraction<Receipt> result = reader.readWithDetails(text);
 * System.out.println(result.value().total() + " after " + result.attempts().size()
 *     + " attempt(s), " + result.usage().totalTokens() + " tokens, cost "
 *     + result.cost().map(Cost::total).orElse(null));
 * }</pre>
 *
 * @param cost the price of {@link #usage()} from the client's {@link PriceTable}; empty when none
 *     is configured or it has no price for the model
 */
public record Extraction<T>(
    T value, List<Attempt> attempts, Usage usage, Duration latency, Optional<Cost> cost) {
  public Extraction {
    requireNonNull(attempts, "attempts == null");
    requireNonNull(usage, "usage == null");
    requireNonNull(latency, "latency == null");
    requireNonNull(cost, "cost == null");
    attempts = List.copyOf(attempts);
  }

  /** An extraction without a cost figure. */
  public Extraction(T value, List<Attempt> attempts, Usage usage, Duration latency) {
    this(value, attempts, usage, latency, Optional.empty());
  }

  /** How many HTTP requests the call sent: every attempt and every transport retry. */
  public int requestCount() {
    return requestCount(attempts);
  }

  static int requestCount(List<Attempt> attempts) {
    int count = 0;
    for (Attempt attempt : attempts) {
      count += 1 + attempt.retries().size();
    }
    return count;
  }

  /** The value, or empty when the model answered that there is none. */
  public Optional<T> optionalValue() {
    return Optional.ofNullable(value);
  }

  /** The last attempt: the one that produced the value. */
  public Attempt lastAttempt() {
    return attempts.get(attempts.size() - 1);
  }

  /** The raw body of the response the value came from. */
  public String rawResponse() {
    return lastAttempt().responseBody();
  }

  /**
   * One request to the model and what came of it.
   *
   * @param number 1 for the first attempt
   * @param messages the conversation sent, in provider-neutral form
   * @param requestBody the exact HTTP body sent (no credentials: those travel in headers)
   * @param status the HTTP status, or 0 when no response came
   * @param responseBody the raw HTTP response body, or {@code null} when none came
   * @param output the text the model produced (tool arguments or message content), or {@code
   *     null}
   * @param violations what was wrong with the output; empty for the accepted attempt
   * @param repairs what the lenient parser fixed to read the output (e.g. {@code "removed
   *     trailing comma at /items"})
   * @param usage the tokens of this attempt
   * @param latency the time from sending the (last) request to reading the whole response (in a
   *     batch job: from submitting the attempt's batch to reading its result)
   * @param retries the earlier sends of this same request that failed at the transport level (a
   *     429, a 5xx, a dropped connection) and were sent again, oldest first; the attempt's
   *     status and body are those of the last send
   * @param responseHeaders the headers of the last response (lower-case names), empty when none
   *     came
   * @param provider the name of the provider the attempt was sent to (e.g. {@code anthropic});
   *     with a {@code Strategy}, the target chosen for it; {@code null} when not recorded
   * @param model the model the attempt asked for (the target's, with a {@code Strategy}), whose
   *     price gives the attempt's cost; {@code null} when not recorded
   */
  public record Attempt(
      int number,
      List<Message> messages,
      String requestBody,
      int status,
      String responseBody,
      String output,
      List<Violation> violations,
      List<String> repairs,
      Usage usage,
      Duration latency,
      List<Retry> retries,
      Map<String, String> responseHeaders,
      String provider,
      String model) {
    public Attempt {
      messages = List.copyOf(messages);
      violations = List.copyOf(violations);
      repairs = List.copyOf(repairs);
      requireNonNull(usage, "usage == null");
      requireNonNull(latency, "latency == null");
      retries = List.copyOf(retries);
      responseHeaders = responseHeaders == null ? Map.of() : Map.copyOf(responseHeaders);
    }

    public boolean succeeded() {
      return violations.isEmpty() && output != null;
    }
  }

  /**
   * One send of a request that failed at the transport level and was sent again.
   *
   * @param status the HTTP status, or 0 when no response came
   * @param responseBody the response body (credentials redacted), or {@code null} when none came
   * @param error the connection failure (e.g. {@code java.net.ConnectException: Connection
   *     refused}), or {@code null} when a response came
   * @param latency the time from sending to the response or the failure
   * @param delay how long Quarry waited before sending again (backoff, or the server's
   *     Retry-After)
   */
  public record Retry(int status, String responseBody, String error, Duration latency, Duration delay) {
    public Retry {
      requireNonNull(latency, "latency == null");
      requireNonNull(delay, "delay == null");
    }
  }
}
