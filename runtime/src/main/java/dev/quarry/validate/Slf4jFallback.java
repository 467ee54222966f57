package dev.quarry.validate;

import java.io.IOException;

/**
 * Keeps SLF4J quiet in applications that have no logging back end. The JSON Schema validator logs
 * through SLF4J; with no SLF4J provider on the class path, SLF4J prints a three-line "No SLF4J
 * providers were found" warning to standard error the first time it is used, which a plain
 * application calling Quarry would show its users.
 *
 * <p>Before the validator is first loaded, and only when all of these hold, this selects SLF4J's
 * own no-operation provider (what SLF4J falls back to anyway, minus the warning) through the
 * {@code slf4j.provider} system property, and sets {@code slf4j.internal.verbosity=WARN} unless
 * already set (so that SLF4J does not announce the choice):
 *
 * <ul>
 *   <li>the system property {@code quarry.slf4j.fallback} is not {@code false};
 *   <li>{@code slf4j.provider} is not set;
 *   <li>SLF4J is on the class path in the unnamed module (on the module path SLF4J finds its
 *       providers through module declarations, which are left alone);
 *   <li>no SLF4J 2 provider ({@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}) and no
 *       SLF4J 1 binding ({@code org/slf4j/impl/StaticLoggerBinder.class}) is visible, so
 *       applications with Logback, Log4j 2 ({@code log4j-slf4j2-impl}), {@code slf4j-simple},
 *       {@code slf4j-jdk14} and the like keep every log line, and SLF4J's own messages about old
 *       bindings still appear.
 * </ul>
 */
final class Slf4jFallback {
  static final String SWITCH = "quarry.slf4j.fallback";
  static final String PROVIDER = "slf4j.provider";
  static final String VERBOSITY = "slf4j.internal.verbosity";
  static final String NOP = "org.slf4j.helpers.NOP_FallbackServiceProvider";

  private Slf4jFallback() {}

  /** Applies the fallback if it is needed; never throws. */
  static synchronized void install() {
    try {
      if ("false".equalsIgnoreCase(System.getProperty(SWITCH))
          || System.getProperty(PROVIDER) != null) {
        return;
      }
      Class<?> factory;
      try {
        factory = Class.forName("org.slf4j.LoggerFactory", false,
            Slf4jFallback.class.getClassLoader());
        Class.forName(NOP, false, factory.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return; // no SLF4J 2 here: nothing to quiet
      }
      if (factory.getModule().isNamed()) {
        return;
      }
      ClassLoader loader = factory.getClassLoader();
      if (loader == null
          || loader.getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider")
              .hasMoreElements()
          || loader.getResource("org/slf4j/impl/StaticLoggerBinder.class") != null) {
        return;
      }
      System.setProperty(PROVIDER, NOP);
      if (System.getProperty(VERBOSITY) == null) {
        System.setProperty(VERBOSITY, "WARN");
      }
    } catch (IOException | SecurityException e) {
      // leave SLF4J to its defaults
    }
  }
}
