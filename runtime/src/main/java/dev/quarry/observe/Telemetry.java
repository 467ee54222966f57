package dev.quarry.observe;

import java.util.Optional;

/**
 * Finds OpenTelemetry at run time. The OpenTelemetry API is an optional dependency of Quarry:
 * when {@code io.opentelemetry:opentelemetry-api} is on the class path, every client traces its
 * calls through {@code GlobalOpenTelemetry} (unless built with {@code
 * Quarry.builder().openTelemetry(false)}); when it is not, nothing here touches an OpenTelemetry
 * class.
 */
public final class Telemetry {
  private static final String API = "io.opentelemetry.api.GlobalOpenTelemetry";
  private static final String LISTENER = "dev.quarry.observe.OpenTelemetryListener";

  private Telemetry() {}

  /** Whether the OpenTelemetry API can be loaded by Quarry's class loader. */
  public static boolean openTelemetryPresent() {
    try {
      Class.forName(API, false, Telemetry.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * A listener that traces through {@code GlobalOpenTelemetry}, looked up at the first call, or
   * empty when the API is not on the class path.
   */
  public static Optional<QuarryListener> globalOpenTelemetry() {
    if (!openTelemetryPresent()) {
      return Optional.empty();
    }
    try {
      // Reflection keeps OpenTelemetryListener, whose signatures name OpenTelemetry types, from
      // being linked by this class.
      return Optional.of((QuarryListener)
          Class.forName(LISTENER, true, Telemetry.class.getClassLoader())
              .getMethod("global").invoke(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      System.getLogger("dev.quarry.observe").log(System.Logger.Level.WARNING,
          "OpenTelemetry is on the class path but Quarry could not use it; calls are not traced.",
          e);
      return Optional.empty();
    }
  }
}
