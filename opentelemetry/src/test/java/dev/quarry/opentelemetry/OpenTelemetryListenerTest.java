package dev.quarry.opentelemetry;

import dev.quarry.observe.Scripted;
import dev.quarry.observe.Telemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Quarry;
import dev.quarry.RetriesExhaustedException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenTelemetryListenerTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();

  @AfterEach
  void close() {
    sdk.close();
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void aCallIsASpanWithTheGenAiAttributesAndASpanPerAttempt() {
    Scripted scripted = new Scripted()
        .respond(503, "{\"error\":{\"message\":\"overloaded\"}}")
        .answer("{\"name\":\"Ada\",\"age\":-1}", 100, 10)
        .answer("{\"name\":\"Ada\",\"age\":36}", 150, 12);
    Quarry quarry = scripted.quarry().listener(OpenTelemetryListener.create(sdk)).build();

    quarry.extract(Scripted.PERSON, "Ada is 36.");

    List<SpanData> finished = spans.getFinishedSpanItems();
    Assertions.assertThat(finished).hasSize(3);
    SpanData call = finished.get(2);
    assertThat(call)
        .hasName("chat gpt-4o-mini")
        .hasKind(SpanKind.CLIENT)
        .hasNoParent()
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.ok())
        .hasAttribute(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
        .hasAttribute(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .hasAttribute(AttributeKey.stringKey("gen_ai.system"), "openai")
        .hasAttribute(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o-mini")
        .hasAttribute(AttributeKey.stringKey("gen_ai.response.model"), "gpt-4o-mini-2024-07-18")
        .hasAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 250L)
        .hasAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 22L)
        .hasAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("tool_calls"))
        .hasAttribute(AttributeKey.stringKey("server.address"), "api.example.test")
        .hasAttribute(AttributeKey.longKey("server.port"), 8443L)
        .hasAttribute(AttributeKey.stringKey("quarry.method"), "PersonReader.person")
        .hasAttribute(AttributeKey.longKey("quarry.attempts"), 2L);

    SpanData first = finished.get(0);
    assertThat(first)
        .hasName("chat gpt-4o-mini attempt 1")
        .hasParent(call)
        .hasAttribute(AttributeKey.longKey("quarry.attempt.number"), 1L)
        .hasAttribute(AttributeKey.stringKey("quarry.attempt.outcome"), "invalid")
        .hasAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 100L)
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
    Assertions.assertThat(first.getEvents()).extracting(e -> e.getName())
        .containsExactly("quarry.retry", "quarry.validation_failed");
    assertThat(finished.get(1))
        .hasName("chat gpt-4o-mini attempt 2")
        .hasParent(call)
        .hasAttribute(AttributeKey.stringKey("quarry.attempt.outcome"), "ok")
        .hasAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 12L);

    Collection<MetricData> data = metrics.collectAllMetrics();
    MetricData tokens = metric(data, "gen_ai.client.token.usage");
    Assertions.assertThat(tokens.getUnit()).isEqualTo("{token}");
    List<HistogramPointData> points = List.copyOf(tokens.getHistogramData().getPoints());
    Assertions.assertThat(points).hasSize(2);
    Assertions.assertThat(points).anySatisfy(point -> {
      Assertions.assertThat(point.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type")))
          .isEqualTo("input");
      Assertions.assertThat(point.getSum()).isEqualTo(250.0);
      Assertions.assertThat(point.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
          .isEqualTo("gpt-4o-mini");
      Assertions.assertThat(point.getBoundaries()).startsWith(1.0, 4.0, 16.0);
    });
    Assertions.assertThat(points).anySatisfy(point -> {
      Assertions.assertThat(point.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type")))
          .isEqualTo("output");
      Assertions.assertThat(point.getSum()).isEqualTo(22.0);
    });
    MetricData duration = metric(data, "gen_ai.client.operation.duration");
    Assertions.assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData point = duration.getHistogramData().getPoints().iterator().next();
    Assertions.assertThat(point.getCount()).isEqualTo(1);
    Assertions.assertThat(point.getBoundaries()).startsWith(0.01, 0.02, 0.04);
    Assertions.assertThat(point.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
  }

  @Test
  void aFailedCallHasAnErrorStatusAndErrorType() {
    Scripted scripted = new Scripted()
        .answer("{\"name\":\"Ada\",\"age\":-1}", 10, 1);
    Quarry quarry = scripted.quarry().maxAttempts(1)
        .listener(OpenTelemetryListener.create(sdk)).build();

    assertThatThrownBy(() -> quarry.extract(Scripted.PERSON, "Ada"))
        .isInstanceOf(RetriesExhaustedException.class);

    SpanData call = spans.getFinishedSpanItems().get(1);
    assertThat(call)
        .hasName("chat gpt-4o-mini")
        .hasAttribute(AttributeKey.stringKey("error.type"), RetriesExhaustedException.class.getName())
        .hasAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 10L);
    Assertions.assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    Assertions.assertThat(call.getEvents()).extracting(e -> e.getName()).contains("exception");
    HistogramPointData point = metric(metrics.collectAllMetrics(), "gen_ai.client.operation.duration")
        .getHistogramData().getPoints().iterator().next();
    Assertions.assertThat(point.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(RetriesExhaustedException.class.getName());
  }

  @Test
  void aProviderErrorIsTypedByItsStatus() {
    Scripted scripted = new Scripted().respond(400, "{\"error\":{\"message\":\"bad\"}}");
    Quarry quarry = scripted.quarry().listener(OpenTelemetryListener.create(sdk)).build();

    assertThatThrownBy(() -> quarry.extract(Scripted.PERSON, "Ada"));

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished.get(0)).hasName("chat gpt-4o-mini attempt 1")
        .hasAttribute(AttributeKey.stringKey("quarry.attempt.outcome"), "error");
    Assertions.assertThat(finished.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(finished.get(1)).hasAttribute(AttributeKey.stringKey("error.type"), "400");
  }

  @Test
  void theCallSpanIsAChildOfTheCurrentSpan() {
    Quarry quarry = new Scripted().answer("{\"name\":\"Ada\",\"age\":36}", 1, 1).quarry()
        .listener(OpenTelemetryListener.create(sdk)).build();
    io.opentelemetry.api.trace.Span parent = sdk.getTracer("test").spanBuilder("job").startSpan();
    try (io.opentelemetry.context.Scope ignored = parent.makeCurrent()) {
      quarry.extract(Scripted.PERSON, "Ada");
    } finally {
      parent.end();
    }

    SpanData call = spans.getFinishedSpanItems().get(1);
    assertThat(call).hasName("chat gpt-4o-mini").hasParentSpanId(parent.getSpanContext().getSpanId());
  }

  @Test
  void withTheApiPresentClientsTraceThroughGlobalOpenTelemetryByDefault() {
    GlobalOpenTelemetry.set(sdk);
    Quarry traced = Quarry.builder().apiKey("sk-test").model("gpt-4o-mini")
        .transport(new Scripted().answer("{\"name\":\"Ada\",\"age\":36}", 1, 1)).build();
    Quarry untraced = Quarry.builder().apiKey("sk-test").model("gpt-4o-mini").openTelemetry(false)
        .transport(new Scripted().answer("{\"name\":\"Ada\",\"age\":36}", 1, 1)).build();

    traced.extract(Scripted.PERSON, "Ada");
    untraced.extract(Scripted.PERSON, "Ada");

    Assertions.assertThat(Telemetry.openTelemetryPresent()).isTrue();
    Assertions.assertThat(Telemetry.globalOpenTelemetry()).get()
        .isInstanceOf(OpenTelemetryListener.class);
    Assertions.assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsExactly("chat gpt-4o-mini attempt 1", "chat gpt-4o-mini");
  }

  @Test
  void geminiIsNamedAsTheConventionsNameIt() {
    Assertions.assertThat(OpenTelemetryListener.providerName("gemini")).isEqualTo("gcp.gemini");
    Assertions.assertThat(OpenTelemetryListener.providerName("anthropic")).isEqualTo("anthropic");
  }

  private static MetricData metric(Collection<MetricData> data, String name) {
    return data.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + data));
  }
}
