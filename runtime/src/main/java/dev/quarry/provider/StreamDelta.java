package dev.quarry.provider;

import static java.util.Objects.requireNonNull;

/**
 * A piece of a streamed answer, in provider-neutral form: what a {@link StreamDecoder} makes of
 * the provider's events.
 */
public sealed interface StreamDelta {
  /** More of the message text. */
  record Text(String text) implements StreamDelta {
    public Text {
      requireNonNull(text, "text == null");
    }
  }

  /**
   * More of a tool call's arguments (JSON text). {@code id} and {@code name} are set on the
   * first piece of a call, when the provider sends them, and {@code null} after.
   */
  record ToolArguments(String id, String name, String arguments) implements StreamDelta {
    public ToolArguments {
      requireNonNull(arguments, "arguments == null");
    }
  }

  /** More of a refusal the model is writing instead of an answer (OpenAI). */
  record Refusal(String text) implements StreamDelta {
    public Refusal {
      requireNonNull(text, "text == null");
    }
  }

  /** The tokens of the whole response so far, as the provider reports them (usually at the end). */
  record UsageReport(dev.quarry.Usage usage) implements StreamDelta {
    public UsageReport {
      requireNonNull(usage, "usage == null");
    }
  }

  /** The model stopped; {@code reason} is the provider's word for why (e.g. {@code length}). */
  record Stop(String reason) implements StreamDelta {}
}
