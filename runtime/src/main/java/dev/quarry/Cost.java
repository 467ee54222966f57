package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * What a call's tokens cost, in the currency of the {@link PriceTable} that priced them.
 *
 * @param input the prompt tokens (cached ones at the cached price when the table has one)
 * @param output the completion tokens, reasoning tokens included
 */
public record Cost(BigDecimal input, BigDecimal output) {
  public static final Cost ZERO = new Cost(BigDecimal.ZERO, BigDecimal.ZERO);

  public Cost {
    requireNonNull(input, "input == null");
    requireNonNull(output, "output == null");
  }

  public BigDecimal total() {
    return input.add(output);
  }

  public Cost plus(Cost other) {
    return new Cost(input.add(other.input), output.add(other.output));
  }
}
