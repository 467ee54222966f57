package dev.quarry.opentelemetry;

import dev.quarry.observe.CallInfo;
import dev.quarry.observe.QuarryListener;
import dev.quarry.observe.Scripted;
import dev.quarry.observe.Telemetry;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Runs one call with default settings (so OpenTelemetry would be picked up if it were there) and
 * says what happened. Loaded by {@link WithoutOpenTelemetryTest} in a class loader without the
 * OpenTelemetry API; it must not name an OpenTelemetry type.
 */
public final class WithoutOpenTelemetryDriver implements Supplier<String> {
  @Override
  public String get() {
    boolean loadable;
    try {
      Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, getClass().getClassLoader());
      loadable = true;
    } catch (ClassNotFoundException e) {
      loadable = false;
    }
    boolean listener;
    try {
      Class.forName("dev.quarry.opentelemetry.OpenTelemetryListener", false,
          getClass().getClassLoader());
      listener = true;
    } catch (ClassNotFoundException e) {
      listener = false;
    }
    List<String> events = new CopyOnWriteArrayList<>();
    Quarry quarry = Quarry.builder()
        .apiKey(Scripted.KEY)
        .model("gpt-4o-mini")
        .transport(new Scripted().answer("{\"name\":\"Ada\",\"age\":36}", 1, 1))
        .listener(new QuarryListener() {
          @Override
          public void started(CallInfo call) {
            events.add("started");
          }

          @Override
          public void completed(CallInfo call, Extraction<?> result) {
            events.add("completed");
          }
        })
        .build();
    Object value = quarry.extract(Scripted.PERSON, "Ada").value();
    return "OpenTelemetry loadable: " + loadable + "; listener class loadable: " + listener
        + "; tracing: " + Telemetry.openTelemetryPresent() + "; value: " + value + "; events: "
        + events;
  }
}
