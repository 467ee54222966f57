package dev.quarry.samples.receipts;

import dev.quarry.Description;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

/** One line of a receipt. */
@Description("One line of a receipt: an article, how many were bought, and the price of one.")
public record LineItem(
    @Description("the article's name exactly as printed on the receipt") String name,
    @Positive int quantity,
    @Description("the price of a single unit, not of the whole line") BigDecimal unitPrice) {

  /** quantity × unit price. */
  public BigDecimal lineTotal() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
