package dev.quarry.samples.receipts;

import dev.quarry.Description;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * A shop receipt. The compact constructor is plain Java validation: when a model's answer does
 * not add up, the exception's message goes back to the model in the re-ask, word for word.
 */
@Description("A shop receipt or invoice.")
public record Receipt(
    @Description("the shop or company that issued the receipt") String merchant,
    LocalDate date,
    List<LineItem> items,
    @Description("the amount to pay, as printed") BigDecimal total) {

  public Receipt {
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException("a receipt needs at least one item");
    }
    if (total == null) {
      throw new IllegalArgumentException("total is missing");
    }
    items = List.copyOf(items);
    BigDecimal sum = BigDecimal.ZERO;
    for (LineItem item : items) {
      sum = sum.add(item.lineTotal());
    }
    if (cents(sum).compareTo(cents(total)) != 0) {
      StringBuilder lines = new StringBuilder();
      for (LineItem item : items) {
        lines.append(lines.length() == 0 ? "" : " + ")
            .append(item.quantity()).append(" × ").append(money(item.unitPrice()));
      }
      throw new IllegalArgumentException(
          "total " + money(total) + " does not equal the sum of quantity × unitPrice over the"
              + " items (" + lines + " = " + money(sum) + "); read the quantities, unit prices"
              + " and total again from the receipt");
    }
  }

  private static BigDecimal cents(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }

  /** An amount as printed on a receipt: at least two decimals, more when it has them. */
  public static String money(BigDecimal amount) {
    return (amount.scale() < 2 ? amount.setScale(2) : amount).toPlainString();
  }
}
