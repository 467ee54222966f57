package dev.quarry.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code quarry-opentelemetry} without the OpenTelemetry API on the class path (a dependency
 * excluded by mistake): the test's class path less the {@code io.opentelemetry} jars, in a class
 * loader whose parent is the platform loader (so nothing leaks in from the application class
 * path), runs a whole call with a listener, and Quarry does not try to trace it.
 */
class WithoutOpenTelemetryTest {

  @Test
  void aCallRunsAndIsHeardWithoutTheOpenTelemetryApi() throws Exception {
    List<URL> urls = new ArrayList<>();
    int removed = 0;
    for (String entry : testClassPath().split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.replace(File.separatorChar, '/').contains("/io/opentelemetry/")) {
        removed++;
        continue;
      }
      urls.add(Path.of(entry).toUri().toURL());
    }
    assertThat(removed).as("OpenTelemetry jars taken off the class path").isPositive();

    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      @SuppressWarnings("unchecked")
      Supplier<String> driver = (Supplier<String>) loader
          .loadClass("dev.quarry.opentelemetry.WithoutOpenTelemetryDriver")
          .getDeclaredConstructor().newInstance();

      assertThat(driver.get()).isEqualTo(
          "OpenTelemetry loadable: false; listener class loadable: true; tracing: false;"
              + " value: Person[name=Ada, age=36]; events: [started, completed]");
    }
  }

  /** Surefire may run tests from a manifest-only jar; it keeps the real class path here. */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}
