package dev.quarry.observe;

import static java.util.Objects.requireNonNull;

import dev.quarry.Mode;
import java.time.Instant;

/**
 * What a {@link QuarryListener} is told about the call an event belongs to. Every event of one
 * call carries the same instance.
 *
 * @param callId unique per call (a random UUID); ties the events and call-log rows of one call
 *     together
 * @param interfaceName the fully qualified name of the {@code @LlmExtract} interface
 * @param methodName the method called
 * @param provider the provider's name, e.g. {@code openai}
 * @param model the model requested
 * @param mode the structured-output mode in use (never {@link Mode#AUTO})
 * @param serverAddress the host the requests go to
 * @param serverPort its port
 * @param startedAt when the call started
 */
public record CallInfo(
    String callId,
    String interfaceName,
    String methodName,
    String provider,
    String model,
    Mode mode,
    String serverAddress,
    int serverPort,
    Instant startedAt) {
  public CallInfo {
    requireNonNull(callId, "callId == null");
    requireNonNull(interfaceName, "interfaceName == null");
    requireNonNull(methodName, "methodName == null");
    requireNonNull(provider, "provider == null");
    requireNonNull(model, "model == null");
    requireNonNull(mode, "mode == null");
    requireNonNull(startedAt, "startedAt == null");
  }

  /** {@code Interface.method}, as in Quarry's exception messages. */
  public String displayName() {
    int cut = Math.max(interfaceName.lastIndexOf('.'), interfaceName.lastIndexOf('$'));
    return interfaceName.substring(cut + 1) + "." + methodName;
  }
}
