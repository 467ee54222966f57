package dev.quarry;

import static java.util.Objects.requireNonNull;

/**
 * One message of a conversation with the model, in a provider-neutral form. Each provider writes
 * these in its own wire format; {@link Extraction.Attempt#messages()} shows what was sent.
 */
public sealed interface Message
    permits Message.SystemPrompt, Message.UserPrompt, Message.AssistantReply, Message.ToolResult {

  static SystemPrompt system(String text) {
    return new SystemPrompt(text);
  }

  static UserPrompt user(String text) {
    return new UserPrompt(text);
  }

  /** The instructions that come before the conversation. */
  record SystemPrompt(String text) implements Message {
    public SystemPrompt {
      requireNonNull(text, "text == null");
    }
  }

  /** What the user says: the rendered {@link Prompt}, or the errors of a re-ask. */
  record UserPrompt(String text) implements Message {
    public UserPrompt {
      requireNonNull(text, "text == null");
    }
  }

  /**
   * What the model answered: text, or a call of the extraction tool ({@code toolCall} non-null
   * in {@link Mode#TOOLS}).
   */
  record AssistantReply(String text, ToolCall toolCall) implements Message {}

  /** The answer to a tool call; in a re-ask it carries the errors and {@code isError} is set. */
  record ToolResult(String toolCallId, String toolName, String text, boolean isError)
      implements Message {
    public ToolResult {
      requireNonNull(toolCallId, "toolCallId == null");
      requireNonNull(text, "text == null");
    }
  }

  /** A function call made by the model; {@code arguments} is the JSON text it wrote. */
  record ToolCall(String id, String name, String arguments) {
    public ToolCall {
      requireNonNull(name, "name == null");
      requireNonNull(arguments, "arguments == null");
    }
  }
}
