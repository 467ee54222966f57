package dev.quarry.provider;

import dev.quarry.Message;
import dev.quarry.Usage;

/**
 * What the model answered in one response, in provider-neutral form.
 *
 * @param output the text to parse: the tool call's arguments in {@link dev.quarry.Mode#TOOLS},
 *     the message content otherwise; {@code null} when the model produced none
 * @param toolCall the tool call, or {@code null}
 * @param usage the tokens of this response
 * @param finishReason the provider's reason for stopping (e.g. {@code stop}, {@code length}), or
 *     {@code null}
 * @param truncated true when the model stopped at the output token limit
 * @param refusal the model's refusal text, or {@code null}
 * @param responseModel the model that answered, as the provider reports it, or {@code null}
 * @param requestId the provider's request id, or {@code null}
 */
public record ModelReply(
    String output,
    Message.ToolCall toolCall,
    Usage usage,
    String finishReason,
    boolean truncated,
    String refusal,
    String responseModel,
    String requestId) {

  /** The assistant message that a re-ask appends to the conversation. */
  public Message.AssistantReply asMessage() {
    return new Message.AssistantReply(toolCall == null ? output : null, toolCall);
  }
}
