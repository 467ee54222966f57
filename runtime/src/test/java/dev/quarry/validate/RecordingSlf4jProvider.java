package dev.quarry.validate;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Stands for Logback or Log4j in {@link Slf4jFallbackTest}: an SLF4J provider that prints every
 * INFO-or-higher event to standard output as {@code LOGGED <logger>: <message>}. Registered only
 * in the forked JVM, through a services file the test writes into a folder of its own.
 */
public final class RecordingSlf4jProvider implements SLF4JServiceProvider {
  private final ILoggerFactory factory = Printing::new;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private static final class Printing extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    Printing(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, org.slf4j.Marker marker,
        String message, Object[] arguments, Throwable throwable) {
      System.out.println("LOGGED " + name + ": " + message);
    }

    @Override public boolean isTraceEnabled() { return false; }
    @Override public boolean isTraceEnabled(org.slf4j.Marker marker) { return false; }
    @Override public boolean isDebugEnabled() { return false; }
    @Override public boolean isDebugEnabled(org.slf4j.Marker marker) { return false; }
    @Override public boolean isInfoEnabled() { return true; }
    @Override public boolean isInfoEnabled(org.slf4j.Marker marker) { return true; }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public boolean isWarnEnabled(org.slf4j.Marker marker) { return true; }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public boolean isErrorEnabled(org.slf4j.Marker marker) { return true; }
  }
}
