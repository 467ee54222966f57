package dev.quarry.opentelemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

import dev.quarry.Quarry;
import dev.quarry.observe.Scripted;
import dev.quarry.provider.Providers;
import dev.quarry.provider.Target;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With a strategy, each attempt span names the provider and model the attempt went to. */
class StrategySpansTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void theFallbackAttemptSpanNamesItsTargetAndTheCallSpanHasAFallbackEvent() {
    Scripted scripted = new Scripted()
        .respond(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
        .answer("{\"name\":\"Ada\",\"age\":36}", 40, 8);
    Target primary = Providers.openAi("gpt-4o-mini")
        .baseUrl("https://primary.example.test/v1").apiKey(Scripted.KEY);
    Target backup = Target.of(
        Providers.openAiCompatible("backup", "https://backup.example.test/v1", null), "llama-3.1-8b");
    Quarry quarry = Quarry.builder()
        .strategy(Providers.fallback(primary, backup))
        .transport(scripted)
        .maxRetries(0)
        .openTelemetry(false)
        .listener(OpenTelemetryListener.create(sdk))
        .build();

    quarry.extract(Scripted.PERSON, "Ada is 36.");

    List<SpanData> finished = spans.getFinishedSpanItems();
    Assertions.assertThat(finished).hasSize(3);
    assertThat(finished.get(0))
        .hasName("chat gpt-4o-mini attempt 1")
        .hasAttribute(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .hasAttribute(AttributeKey.stringKey("gen_ai.system"), "openai")
        .hasAttribute(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o-mini")
        .hasAttribute(AttributeKey.stringKey("quarry.attempt.outcome"), "error");
    assertThat(finished.get(1))
        .hasName("chat llama-3.1-8b attempt 2")
        .hasAttribute(AttributeKey.stringKey("gen_ai.provider.name"), "backup")
        .hasAttribute(AttributeKey.stringKey("gen_ai.system"), "backup")
        .hasAttribute(AttributeKey.stringKey("gen_ai.request.model"), "llama-3.1-8b")
        .hasAttribute(AttributeKey.stringKey("gen_ai.response.model"), "gpt-4o-mini-2024-07-18")
        .hasAttribute(AttributeKey.stringKey("quarry.attempt.outcome"), "ok");
    SpanData call = finished.get(2);
    assertThat(call).hasName("chat gpt-4o-mini");
    EventData fallback = call.getEvents().stream()
        .filter(e -> e.getName().equals("quarry.fallback")).findFirst().orElseThrow();
    Assertions.assertThat(fallback.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")))
        .isEqualTo("backup");
    Assertions.assertThat(fallback.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("503");
  }
}
