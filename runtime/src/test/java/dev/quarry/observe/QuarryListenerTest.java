package dev.quarry.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Extraction;
import dev.quarry.Mode;
import dev.quarry.PriceTable;
import dev.quarry.Quarry;
import dev.quarry.RetriesExhaustedException;
import dev.quarry.observe.Scripted.Person;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuarryListenerTest {
  private final Logger julLogger = Logger.getLogger("dev.quarry.observe");
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLog() {
    julLogger.addHandler(handler);
  }

  @AfterEach
  void releaseLog() {
    julLogger.removeHandler(handler);
  }

  @Test
  void aCallWithARetryARepairAndAReaskFiresEveryEventInOrder() {
    Scripted scripted = new Scripted()
        .respond(503, "{\"error\":{\"message\":\"overloaded\"}}")
        .answer("{\"name\":\"Ada\",\"age\":-1}", 100, 10)
        .answer("{\"name\":\"Ada\",\"age\":\"36\"}", 150, 12);
    Recorder recorder = new Recorder();
    Quarry quarry = scripted.quarry()
        .listener(recorder)
        .prices(PriceTable.builder().price("gpt-4o-mini", 1.0, 2.0).build())
        .build();

    Extraction<Person> result = quarry.extract(Scripted.PERSON, "Ada is 36.");

    assertThat(result.value()).isEqualTo(new Person("Ada", 36));
    assertThat(recorder.events).containsExactly(
        "started PersonReader.person",
        "requestReady 1 (1 messages)",
        "transportRetry 1 503",
        "responseReceived 1 200",
        "validationFailed 1 1",
        "attemptFinished 1 INVALID",
        "reasking 2",
        "requestReady 2 (3 messages)",
        "responseReceived 2 200",
        "repaired 2 [/age: read the string \"36\" as an integer]",
        "attemptFinished 2 OK",
        "completed Person[name=Ada, age=36]");
    assertThat(recorder.completed).isSameAs(result);

    CallInfo call = recorder.calls.get(0);
    assertThat(call.interfaceName()).isEqualTo(Scripted.PersonReader.class.getName());
    assertThat(call.methodName()).isEqualTo("person");
    assertThat(call.provider()).isEqualTo("openai");
    assertThat(call.model()).isEqualTo("gpt-4o-mini");
    assertThat(call.mode()).isNotEqualTo(Mode.AUTO);
    assertThat(call.serverAddress()).isEqualTo("api.example.test");
    assertThat(call.serverPort()).isEqualTo(8443);

    AttemptResult first = recorder.attempts.get(0);
    assertThat(first.attempt().retries()).hasSize(1);
    assertThat(first.error()).contains("age must be >= 0");
    assertThat(first.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(first.finishReason()).isEqualTo("tool_calls");
    assertThat(first.cost()).hasValueSatisfying(cost ->
        assertThat(cost.total()).isEqualByComparingTo(new BigDecimal("0.00012")));
    assertThat(recorder.attempts.get(1).error()).isNull();
  }

  @Test
  void aFailedCallEndsWithFailedAndEveryAttemptReported() {
    Scripted scripted = new Scripted()
        .answer("{\"name\":\"Ada\",\"age\":-1}", 10, 1)
        .answer("{\"name\":\"Ada\",\"age\":-2}", 10, 1);
    Recorder recorder = new Recorder();
    Quarry quarry = scripted.quarry().maxAttempts(2).listener(recorder).build();

    assertThatThrownBy(() -> quarry.extract(Scripted.PERSON, "Ada"))
        .isInstanceOf(RetriesExhaustedException.class);

    assertThat(recorder.events).endsWith("attemptFinished 2 INVALID", "failed RetriesExhaustedException");
    assertThat(recorder.failed.attempts()).hasSize(2);
  }

  @Test
  void anUnreachableProviderReportsTheAttemptAsAnError() {
    Scripted scripted = new Scripted(); // nothing scripted: every send is an IOException
    Recorder recorder = new Recorder();
    Quarry quarry = scripted.quarry().maxRetries(1).listener(recorder).build();

    assertThatThrownBy(() -> quarry.extract(Scripted.PERSON, "Ada"))
        .hasMessageContaining("could not reach");

    assertThat(recorder.events).containsExactly(
        "started PersonReader.person",
        "requestReady 1 (1 messages)",
        "transportRetry 1 0",
        "attemptFinished 1 ERROR",
        "failed ProviderException");
    assertThat(recorder.attempts.get(0).error()).contains("could not reach");
  }

  @Test
  void aThrowingListenerNeverBreaksTheCallAndIsReportedOnce() {
    Recorder after = new Recorder();
    QuarryListener broken = new QuarryListener() {
      @Override
      public void requestReady(CallInfo call, int attempt, List<dev.quarry.Message> messages, String body) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void completed(CallInfo call, Extraction<?> result) {
        throw new IllegalStateException("another listener bug");
      }

      @Override
      public String toString() {
        return "BrokenListener";
      }
    };
    Scripted scripted = new Scripted()
        .answer("{\"name\":\"Ada\",\"age\":36}", 10, 1)
        .answer("{\"name\":\"Bob\",\"age\":40}", 10, 1);
    Quarry quarry = scripted.quarry().listener(broken).listener(after).build();

    assertThat(quarry.extract(Scripted.PERSON, "Ada").value().name()).isEqualTo("Ada");
    assertThat(quarry.extract(Scripted.PERSON, "Bob").value().name()).isEqualTo("Bob");

    assertThat(after.events).filteredOn(e -> e.startsWith("completed")).hasSize(2);
    assertThat(logged).hasSize(1);
    LogRecord warning = logged.get(0);
    assertThat(warning.getLevel()).isEqualTo(Level.WARNING);
    assertThat(warning.getMessage()).contains("BrokenListener", "requestReady");
    assertThat(warning.getThrown()).hasMessage("listener bug");
  }

  @Test
  void aViewAddsAListenerAndSharesEverythingElse() {
    Recorder clientWide = new Recorder();
    Recorder perCall = new Recorder();
    Scripted scripted = new Scripted()
        .answer("{\"name\":\"Ada\",\"age\":36}", 10, 1)
        .answer("{\"name\":\"Bob\",\"age\":40}", 20, 2);
    Quarry quarry = scripted.quarry().listener(clientWide).build();
    Quarry view = quarry.withListener(perCall);

    view.extract(Scripted.PERSON, "Ada");
    quarry.extract(Scripted.PERSON, "Bob");

    assertThat(clientWide.events).filteredOn(e -> e.startsWith("completed")).hasSize(2);
    assertThat(perCall.events).filteredOn(e -> e.startsWith("completed"))
        .containsExactly("completed Person[name=Ada, age=36]");
    assertThat(quarry.totalUsage().totalTokens()).isEqualTo(33);
    assertThat(view.totalUsage()).isEqualTo(quarry.totalUsage());
    assertThat(view.toString()).isEqualTo(quarry.toString());
  }

  @Test
  void bodiesReachListenersWithTheKeyRedacted() {
    Scripted scripted = new Scripted()
        .respond(200, Scripted.completion("{\"name\":\"" + Scripted.KEY + "\",\"age\":36}", 1, 1));
    Recorder recorder = new Recorder();
    Quarry quarry = scripted.quarry().listener(recorder).build();

    quarry.extract(Scripted.PERSON, "Ada");

    assertThat(recorder.lastResponseBody).doesNotContain(Scripted.KEY).contains("[redacted]");
    assertThat(recorder.lastRequestBody).contains("gpt-4o-mini").doesNotContain(Scripted.KEY);
  }

  @Test
  void listenerSetKeepsOrderAndRejectsNull() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    ListenerSet set = ListenerSet.of(List.of(a)).plus(b);

    assertThat(set.listeners()).containsExactly(a, b);
    assertThat(ListenerSet.empty().isEmpty()).isTrue();
    assertThatThrownBy(() -> set.plus(null)).hasMessage("listener == null");
  }
}
