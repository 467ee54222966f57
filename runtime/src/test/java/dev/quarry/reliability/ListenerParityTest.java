package dev.quarry.reliability;

import static dev.quarry.reliability.Fixtures.PERSON;
import static dev.quarry.reliability.Fixtures.ada;
import static dev.quarry.reliability.Fixtures.openAi;
import static dev.quarry.reliability.Fixtures.toolCompletion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Extraction;
import dev.quarry.Message;
import dev.quarry.QuarryException;
import dev.quarry.Violation;
import dev.quarry.observe.AttemptResult;
import dev.quarry.observe.CallInfo;
import dev.quarry.observe.QuarryListener;
import dev.quarry.reliability.Fixtures.FakeTime;
import dev.quarry.testing.LocalServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners hear a streamed call exactly as they hear a whole one: the same events in the same
 * order, the same outcomes and statuses, for a call with a transport retry and a re-ask.
 */
class ListenerParityTest {
  private final LocalServer server = LocalServer.start();

  @AfterEach
  void close() {
    server.close();
  }

  /** Every event, as name and the fields both receivers must agree on. */
  private static final class Events implements QuarryListener {
    final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public void started(CallInfo call) {
      heard.add("started " + call.provider() + " " + call.model());
    }

    @Override
    public void requestReady(CallInfo call, int attempt, List<Message> messages, String body) {
      heard.add("requestReady " + attempt + " messages=" + messages.size());
    }

    @Override
    public void transportRetry(CallInfo call, int attempt, Extraction.Retry retry) {
      heard.add("transportRetry " + attempt + " status=" + retry.status() + " delay=" + retry.delay());
    }

    @Override
    public void responseReceived(CallInfo call, int attempt, int status, String body, Duration latency) {
      heard.add("responseReceived " + attempt + " status=" + status);
    }

    @Override
    public void validationFailed(CallInfo call, int attempt, List<Violation> violations) {
      heard.add("validationFailed " + attempt + " " + violations);
    }

    @Override
    public void attemptFinished(CallInfo call, AttemptResult result) {
      heard.add("attemptFinished " + result.attempt().number() + " " + result.outcome()
          + " status=" + result.attempt().status() + " tokens=" + result.attempt().usage().totalTokens()
          + " retries=" + result.attempt().retries().size());
    }

    @Override
    public void reasking(CallInfo call, int nextAttempt, List<Violation> violations) {
      heard.add("reasking " + nextAttempt);
    }

    @Override
    public void completed(CallInfo call, Extraction<?> result) {
      heard.add("completed attempts=" + result.attempts().size() + " tokens=" + result.usage().totalTokens());
    }

    @Override
    public void failed(CallInfo call, QuarryException error) {
      heard.add("failed " + error.getClass().getSimpleName());
    }
  }

  private List<String> heard(Via via) {
    server.enqueue(503, Map.of("content-type", "application/json"),
        "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}");
    server.enqueue(200, via.body(toolCompletion("{\"name\":\"Ada\",\"age\":-1}", 100, 20)));
    server.enqueue(200, via.body(ada()));
    Events events = new Events();
    via.extract(openAi(server, new FakeTime()).listener(events).build(), PERSON, "Ada, 36");
    return events.heard;
  }

  @Test
  void aStreamedCallIsHeardAsAWholeOneIs() {
    List<String> whole = heard(Via.WHOLE);
    List<String> streamed = heard(Via.STREAMED);

    assertThat(whole).contains("transportRetry 1 status=503 delay=PT0.5S", "reasking 2",
        "attemptFinished 1 INVALID status=200 tokens=120 retries=1",
        "attemptFinished 2 OK status=200 tokens=120 retries=0", "completed attempts=2 tokens=240");
    assertThat(streamed).isEqualTo(whole);
  }
}
