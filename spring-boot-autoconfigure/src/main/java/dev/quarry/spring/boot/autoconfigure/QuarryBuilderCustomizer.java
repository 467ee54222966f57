package dev.quarry.spring.boot.autoconfigure;

import dev.quarry.Quarry;

/**
 * Adjusts the {@link Quarry.Builder} of the auto-configured {@link Quarry} after the {@code
 * quarry.*} properties are applied: register validators, replace the re-ask message, and the
 * like. Every bean of this type is applied, in {@link org.springframework.core.Ordered} order.
 *
 * <pre>{@code
 * @Bean
 * QuarryBuilderCustomizer receiptChecks() {
 *   return builder -> builder.validator(Receipt.class, new ReceiptTotalValidator());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface QuarryBuilderCustomizer {
  void customize(Quarry.Builder builder);
}
