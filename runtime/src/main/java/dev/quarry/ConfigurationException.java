package dev.quarry;

/**
 * Quarry is set up in a way that cannot work: no API key, a mode the provider does not support,
 * a missing generated class. The message says what to set or change.
 */
public class ConfigurationException extends QuarryException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
