package dev.quarry.samples.support;

import dev.quarry.LabelSet;
import dev.quarry.LlmExtract;
import dev.quarry.Message;
import dev.quarry.Mode;
import dev.quarry.OneOf;
import dev.quarry.Prompt;
import java.math.BigDecimal;
import java.util.List;

/**
 * A support desk assistant: routes a chat to a queue chosen from the desk's configuration, and
 * proposes the actions a chat calls for, several at once.
 */
@LlmExtract(system = "You assist the support desk of an online shop.")
public interface SupportDesk {
  /** Where a chat goes; the queues come from the desk's configuration. */
  record Routing(@OneOf("queues") String queue, String summary) {}

  /** What the desk can do about a chat. */
  sealed interface Action permits Action.Refund, Action.Escalate {
    record Refund(String orderId, BigDecimal amount) implements Action {}

    record Escalate(String team, String reason) implements Action {}
  }

  @Prompt("Route the conversation above to one of these queues: {{queues}}.")
  Routing route(List<Message> chat, LabelSet queues);

  @Prompt(value = "Propose every action the conversation above calls for.", mode = Mode.PARALLEL_TOOLS)
  List<Action> actions(List<Message> chat);
}
