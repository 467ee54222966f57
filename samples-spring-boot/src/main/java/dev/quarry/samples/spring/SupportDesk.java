package dev.quarry.samples.spring;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** Routes incoming messages to a queue. */
@Service
public class SupportDesk {
  private final TicketTriage triage;

  @Autowired
  public SupportDesk(TicketTriage triage) {
    this.triage = triage;
  }

  /** The queue a message goes to, e.g. {@code bug/urgent}. */
  public String route(String message) {
    Triage result = triage.triage(message);
    String queue = result.category().name().toLowerCase(java.util.Locale.ROOT);
    return queue + (result.urgency() >= 3 ? "/urgent" : "/normal");
  }
}
