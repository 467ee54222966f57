package dev.quarry.observe;

import java.util.Optional;

/**
 * Finds OpenTelemetry at run time. Tracing lives in its own artifact, {@code
 * dev.quarry:quarry-opentelemetry}, which brings the OpenTelemetry API with it: when that
 * artifact is on the class path (or module path), every client traces its calls through {@code
 * GlobalOpenTelemetry} (unless built with {@code Quarry.builder().openTelemetry(false)}); when it
 * is not, nothing here touches an OpenTelemetry class, and the OpenTelemetry API alone on the class
 * path changes nothing.
 */
public final class Telemetry {
  private static final String API = "io.opentelemetry.api.GlobalOpenTelemetry";
  private static final String LISTENER = "dev.quarry.opentelemetry.OpenTelemetryListener";

  private Telemetry() {}

  /**
   * Whether both the OpenTelemetry API and Quarry's listener for it ({@code quarry-opentelemetry})
   * can be loaded by Quarry's class loader.
   */
  public static boolean openTelemetryPresent() {
    return loadable(API) && loadable(LISTENER);
  }

  private static boolean loadable(String name) {
    try {
      Class.forName(name, false, Telemetry.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * A listener that traces through {@code GlobalOpenTelemetry}, looked up at the first call, or
   * empty when {@code quarry-opentelemetry} or the OpenTelemetry API is not on the class path.
   */
  public static Optional<QuarryListener> globalOpenTelemetry() {
    if (!openTelemetryPresent()) {
      return Optional.empty();
    }
    try {
      // By name: the runtime does not depend on quarry-opentelemetry, whose signatures name
      // OpenTelemetry types.
      return Optional.of((QuarryListener)
          Class.forName(LISTENER, true, Telemetry.class.getClassLoader())
              .getMethod("global").invoke(null));
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      System.getLogger("dev.quarry.observe").log(System.Logger.Level.WARNING,
          "quarry-opentelemetry is on the class path but Quarry could not load its listener ("
              + e + "); calls are not traced. Use quarry-opentelemetry of the same version as"
              + " quarry-runtime.", e);
      return Optional.empty();
    }
  }
}
