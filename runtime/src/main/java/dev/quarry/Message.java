package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

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
    return new UserPrompt(List.of(new Text(text)));
  }

  /**
   * What the assistant said earlier in a conversation passed to a method that takes one:
   *
   * <pre>{@code
   * List<Message> chat = List.of(Message.user("My order is late."), Message.assistant("Which order?"),
   *     Message.user("#4411, placed Monday."));
   * }</pre>
   */
  static AssistantReply assistant(String text) {
    return new AssistantReply(requireNonNull(text, "text == null"), null);
  }

  /** A user message of text followed by images or documents. */
  static UserPrompt user(String text, List<? extends Part> attachments) {
    List<Part> parts = new ArrayList<>(attachments.size() + 1);
    parts.add(new Text(text));
    parts.addAll(attachments);
    return new UserPrompt(parts);
  }

  /** A piece of a user message: {@link Text}, {@link Image} or {@link Document}. */
  sealed interface Part permits Text, Image, Document {}

  /** Text in a user message. */
  record Text(String text) implements Part {
    public Text {
      requireNonNull(text, "text == null");
    }
  }

  /** The instructions that come before the conversation. */
  record SystemPrompt(String text) implements Message {
    public SystemPrompt {
      requireNonNull(text, "text == null");
    }
  }

  /**
   * What the user says: the rendered {@link Prompt} with the method's images and documents, or
   * the errors of a re-ask.
   */
  record UserPrompt(List<Part> parts) implements Message {
    public UserPrompt {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("a user message needs at least one part");
      }
    }

    /** The text parts, joined by blank lines. */
    public String text() {
      if (parts.size() == 1 && parts.get(0) instanceof Text only) {
        return only.text(); // the usual prompt: nothing to join
      }
      StringBuilder text = new StringBuilder();
      for (Part part : parts) {
        if (part instanceof Text t) {
          if (text.length() > 0) {
            text.append("\n\n");
          }
          text.append(t.text());
        }
      }
      return text.toString();
    }

    /** Whether the message is nothing but text. */
    public boolean textOnly() {
      for (Part part : parts) {
        if (!(part instanceof Text)) {
          return false;
        }
      }
      return true;
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
