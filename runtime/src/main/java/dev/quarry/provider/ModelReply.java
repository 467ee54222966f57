package dev.quarry.provider;

import dev.quarry.Message;
import dev.quarry.Usage;
import java.util.List;

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
 * @param toolCalls every tool call of a {@link dev.quarry.Mode#PARALLEL_TOOLS} reply, in order
 *     ({@code output} is then the list they make, see {@link ParallelTools#output}); empty
 *     otherwise
 */
public record ModelReply(
    String output,
    Message.ToolCall toolCall,
    Usage usage,
    String finishReason,
    boolean truncated,
    String refusal,
    String responseModel,
    String requestId,
    List<Message.ToolCall> toolCalls) {

  public ModelReply {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** A reply with at most one tool call. */
  public ModelReply(String output, Message.ToolCall toolCall, Usage usage, String finishReason,
      boolean truncated, String refusal, String responseModel, String requestId) {
    this(output, toolCall, usage, finishReason, truncated, refusal, responseModel, requestId,
        List.of());
  }

  /** The assistant message that a re-ask appends to the conversation. */
  public Message.AssistantReply asMessage() {
    return new Message.AssistantReply(toolCall == null ? output : null, toolCall);
  }
}
