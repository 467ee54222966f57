package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of a call with everything that led to it: the value, every attempt (the exact
 * request sent, the raw response, what went wrong), the usage summed over all attempts, and the
 * latency. Declare it as a method's return type to get it instead of the bare value.
 *
 * <pre>{@code
 * Extraction<Receipt> result = reader.readWithDetails(text);
 * System.out.println(result.value().total() + " after " + result.attempts().size()
 *     + " attempt(s), " + result.usage().totalTokens() + " tokens");
 * }</pre>
 */
public record Extraction<T>(T value, List<Attempt> attempts, Usage usage, Duration latency) {
  public Extraction {
    requireNonNull(attempts, "attempts == null");
    requireNonNull(usage, "usage == null");
    requireNonNull(latency, "latency == null");
    attempts = List.copyOf(attempts);
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
   * @param latency the time from sending the request to reading the whole response
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
      Duration latency) {
    public Attempt {
      messages = List.copyOf(messages);
      violations = List.copyOf(violations);
      repairs = List.copyOf(repairs);
      requireNonNull(usage, "usage == null");
      requireNonNull(latency, "latency == null");
    }

    public boolean succeeded() {
      return violations.isEmpty() && output != null;
    }
  }
}
