package dev.quarry.observe;

import dev.quarry.Extraction;
import dev.quarry.Message;
import dev.quarry.QuarryException;
import dev.quarry.Violation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes every event down as a line, and keeps what the assertions look at. */
final class Recorder implements QuarryListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<AttemptResult> attempts = new CopyOnWriteArrayList<>();
  final List<CallInfo> calls = new CopyOnWriteArrayList<>();
  volatile String lastRequestBody;
  volatile String lastResponseBody;
  volatile Extraction<?> completed;
  volatile QuarryException failed;

  @Override
  public void started(CallInfo call) {
    calls.add(call);
    events.add("started " + call.displayName());
  }

  @Override
  public void requestReady(CallInfo call, int attempt, List<Message> messages, String body) {
    lastRequestBody = body;
    events.add("requestReady " + attempt + " (" + messages.size() + " messages)");
  }

  @Override
  public void transportRetry(CallInfo call, int attempt, Extraction.Retry retry) {
    events.add("transportRetry " + attempt + " " + retry.status());
  }

  @Override
  public void responseReceived(CallInfo call, int attempt, int status, String body, Duration latency) {
    lastResponseBody = body;
    events.add("responseReceived " + attempt + " " + status);
  }

  @Override
  public void repaired(CallInfo call, int attempt, List<String> repairs) {
    events.add("repaired " + attempt + " " + repairs);
  }

  @Override
  public void validationFailed(CallInfo call, int attempt, List<Violation> violations) {
    events.add("validationFailed " + attempt + " " + violations.size());
  }

  @Override
  public void attemptFinished(CallInfo call, AttemptResult result) {
    attempts.add(result);
    events.add("attemptFinished " + result.attempt().number() + " " + result.outcome());
  }

  @Override
  public void reasking(CallInfo call, int nextAttempt, List<Violation> violations) {
    events.add("reasking " + nextAttempt);
  }

  @Override
  public void completed(CallInfo call, Extraction<?> result) {
    completed = result;
    events.add("completed " + result.value());
  }

  @Override
  public void failed(CallInfo call, QuarryException error) {
    failed = error;
    events.add("failed " + error.getClass().getSimpleName());
  }
}
