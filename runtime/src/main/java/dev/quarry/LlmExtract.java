package dev.quarry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose methods are answered by a language model. Quarry's annotation
 * processor generates {@code <Interface>Impl} in the same package, with a JSON schema constant for
 * every return type, and {@link Quarry#create(Class)} hands you an instance.
 *
 * <pre>{@code
 * @LlmExtract(system = "You extract data from receipts. Never invent values.")
 * public interface ReceiptReader {
 *   @Prompt("Extract the receipt below.\n\n{{text}}")
 *   Receipt read(String text);
 * }
 *
 * ReceiptReader reader = quarry.create(ReceiptReader.class);
 * Receipt receipt = reader.read(text);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LlmExtract {
  /** The system message sent before every prompt of this interface; empty sends none. */
  String system() default "";

  /** The model for this interface's calls; empty uses the model configured on {@link Quarry}. */
  String model() default "";

  /** How the model is asked for structured output; {@link Mode#AUTO} uses the client's mode. */
  Mode mode() default Mode.AUTO;

  /**
   * How many times the model may answer one call, the first answer included; {@code 0} uses the
   * client's setting. A value of 1 disables re-asking.
   */
  int maxAttempts() default 0;

  /**
   * How many times a request that failed at the transport level (429, 5xx, dropped connection)
   * may be sent again; {@code -1} uses the client's {@link dev.quarry.transport.RetryPolicy}, 0
   * disables transport retries. Independent of {@link #maxAttempts()}.
   */
  int maxRetries() default -1;
}
