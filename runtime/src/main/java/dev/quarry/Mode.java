package dev.quarry;

/**
 * How the model is asked for structured output. Each provider supports some of these; asking for
 * one it does not support fails when the client is built, naming the ones it does.
 */
public enum Mode {
  /** The best mode the provider supports (for OpenAI: {@link #TOOLS}). */
  AUTO,
  /** A forced function call whose parameters are the result schema. */
  TOOLS,
  /** The provider's native structured output with the schema ({@code response_format}). */
  JSON_SCHEMA,
  /** The provider's JSON mode; the schema goes in the system message. */
  JSON,
  /** The schema in the system message and the answer in a fenced JSON block; any chat model. */
  MD_JSON,
  /**
   * Several tool calls in one response, one tool per record: for a method returning {@code
   * List<Action>} of a sealed interface of records (each permitted record a tool) or {@code
   * List<SomeRecord>} (one tool). Each call is one element of the list; an invalid call is
   * re-asked with its own tool result.
   */
  PARALLEL_TOOLS
}
