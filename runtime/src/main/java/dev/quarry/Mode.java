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
  MD_JSON
}
