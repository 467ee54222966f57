package dev.quarry;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per million tokens, by model, that turn usage into a {@link Cost}. Quarry ships no
 * prices (they change); supply the ones of your contract. Models are matched by their exact name
 * as configured (the name sent in the request). Immutable.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.builder()
 *     .price("gpt-4o-mini", 0.15, 0.60)                     // USD per million input, output
 *     .price("claude-sonnet-4-5", new BigDecimal("3"), new BigDecimal("0.30"), new BigDecimal("15"))
 *     .build();
 * Quarry quarry = Quarry.builder().prices(prices).build();
 * }</pre>
 */
public final class PriceTable {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final Map<String, Price> prices;
  private final Map<String, Price> batchPrices;

  private PriceTable(Map<String, Price> prices, Map<String, Price> batchPrices) {
    this.prices = Map.copyOf(prices);
    this.batchPrices = Map.copyOf(batchPrices);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The cost of {@code usage} on {@code model}, or empty when the table has no price for it. */
  public Optional<Cost> cost(String model, Usage usage) {
    requireNonNull(usage, "usage == null");
    return cost(model == null ? null : prices.get(model), usage);
  }

  /**
   * The cost of {@code usage} on {@code model} in a provider batch job: at the model's {@link
   * Builder#batchPrice batch price}, or its regular price when it has none (an upper bound:
   * providers charge about half for batches); empty when the table has neither.
   */
  public Optional<Cost> batchCost(String model, Usage usage) {
    requireNonNull(usage, "usage == null");
    Price price = model == null ? null : batchPrices.get(model);
    return price != null ? cost(price, usage) : cost(model, usage);
  }

  private static Optional<Cost> cost(Price price, Usage usage) {
    if (price == null) {
      return Optional.empty();
    }
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    long written = Math.min(usage.cacheWriteTokens(), usage.inputTokens() - cached);
    BigDecimal input = price.input
        .multiply(BigDecimal.valueOf(usage.inputTokens() - cached - written))
        .add(price.cachedInput.multiply(BigDecimal.valueOf(cached)))
        .add(price.cacheWrite.multiply(BigDecimal.valueOf(written)))
        .divide(MILLION, MathContext.DECIMAL64);
    BigDecimal output = price.output.multiply(BigDecimal.valueOf(usage.outputTokens()))
        .divide(MILLION, MathContext.DECIMAL64);
    return Optional.of(new Cost(input.stripTrailingZeros(), output.stripTrailingZeros()));
  }

  @Override
  public String toString() {
    return "PriceTable" + prices + (batchPrices.isEmpty() ? "" : ", batch" + batchPrices);
  }

  private record Price(
      BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal output) {
    @Override
    public String toString() {
      return "[input=" + input + ", cachedInput=" + cachedInput
          + (cacheWrite.equals(input) ? "" : ", cacheWrite=" + cacheWrite) + ", output=" + output + "]";
    }
  }

  /** Collects prices; a later price for the same model replaces the earlier one. */
  public static final class Builder {
    private final Map<String, Price> prices = new LinkedHashMap<>();
    private final Map<String, Price> batchPrices = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Prices per million tokens of the model's requests in provider batch jobs ({@code
     * Quarry.batchJob}), e.g. OpenAI's and Anthropic's half prices; the regular price applies to
     * batches of a model without one.
     */
    public Builder batchPrice(String model, double inputPerMillion, double outputPerMillion) {
      requireNonNull(model, "model == null");
      Price price = new Builder().price(model, inputPerMillion, outputPerMillion).prices.get(model);
      batchPrices.put(model, price);
      return this;
    }

    /** Input and output prices per million tokens; cached input costs as much as input. */
    public Builder price(String model, double inputPerMillion, double outputPerMillion) {
      return price(model, BigDecimal.valueOf(inputPerMillion), null,
          BigDecimal.valueOf(outputPerMillion));
    }

    /**
     * Prices per million tokens; {@code cachedInputPerMillion} may be {@code null} to charge
     * cached input tokens at the input price.
     */
    public Builder price(String model, BigDecimal inputPerMillion,
        BigDecimal cachedInputPerMillion, BigDecimal outputPerMillion) {
      return price(model, inputPerMillion, cachedInputPerMillion, null, outputPerMillion);
    }

    /**
     * Prices per million tokens, with the price of tokens written to the cache ({@link
     * Usage#cacheWriteTokens()}, Anthropic's cache creation, e.g. 1.25 times the input price);
     * {@code cachedInputPerMillion} and {@code cacheWritePerMillion} may be {@code null} to
     * charge those tokens at the input price.
     *
     * <pre>{@code
     * PriceTable.builder().price("claude-haiku-4-5", new BigDecimal("1"), new BigDecimal("0.10"),
     *     new BigDecimal("1.25"), new BigDecimal("5")).build();
     * }</pre>
     */
    public Builder price(String model, BigDecimal inputPerMillion,
        BigDecimal cachedInputPerMillion, BigDecimal cacheWritePerMillion,
        BigDecimal outputPerMillion) {
      requireNonNull(model, "model == null");
      requireNonNull(inputPerMillion, "inputPerMillion == null");
      requireNonNull(outputPerMillion, "outputPerMillion == null");
      BigDecimal cached = cachedInputPerMillion == null ? inputPerMillion : cachedInputPerMillion;
      BigDecimal write = cacheWritePerMillion == null ? inputPerMillion : cacheWritePerMillion;
      for (BigDecimal price : new BigDecimal[] {inputPerMillion, cached, write, outputPerMillion}) {
        if (price.signum() < 0) {
          throw new IllegalArgumentException("negative price for " + model + ": " + price);
        }
      }
      prices.put(model, new Price(inputPerMillion, cached, write, outputPerMillion));
      return this;
    }

    public PriceTable build() {
      return new PriceTable(prices, batchPrices);
    }
  }
}
