package dev.quarry.validate;

import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain application in a fresh JVM: validates one value against a schema (which loads the JSON
 * Schema validator, and so SLF4J), then says which SLF4J logger factory is in use and what
 * {@code slf4j.provider} is. Started by {@link Slf4jFallbackTest}.
 */
public final class Slf4jFallbackDriver {
  private Slf4jFallbackDriver() {}

  public static void main(String[] args) {
    JsonMapper json = JsonMapper.builder().build();
    int violations = SchemaValidation.of(json.readTree("{\"type\":\"integer\"}"))
        .validate(json.readTree("\"seven\"")).size();
    LoggerFactory.getLogger("dev.quarry.test").info("hello from the application");
    System.out.println("violations=" + violations
        + " factory=" + LoggerFactory.getILoggerFactory().getClass().getName()
        + " provider=" + System.getProperty("slf4j.provider"));
  }
}
