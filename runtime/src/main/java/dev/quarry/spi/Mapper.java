package dev.quarry.spi;

import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime's one Jackson mapper with default settings: reading wire formats whole, trees for
 * schemas and re-asks, rendering prompt values. It sits in a class of its own so that it is built
 * the first time something needs it: building a mapper costs a cold JVM a couple of hundred
 * milliseconds of class loading, and a generated client's call with a valid answer needs none
 * (its request is written by {@code JsonBody}, its reply read by {@code ReplyShape}, its answer
 * by the generated reader, all on Jackson's streaming core or none).
 *
 * <pre>{@code
 * JsonNode tree = Mapper.JSON.readTree("{\"a\": 1}");
 * }</pre>
 */
public final class Mapper {
  /** Thread-safe and shared; never reconfigure it (build another for other settings). */
  public static final JsonMapper JSON = JsonMapper.builder().build();

  private Mapper() {}
}
