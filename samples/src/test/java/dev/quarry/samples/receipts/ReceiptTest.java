package dev.quarry.samples.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Image;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  private static final LocalDate DAY = LocalDate.of(2025, 6, 11);

  private static LineItem item(String name, int quantity, String unitPrice) {
    return new LineItem(name, quantity, new BigDecimal(unitPrice));
  }

  @Test
  void acceptsATotalThatIsTheSumOfTheLines() {
    Receipt receipt = new Receipt("Shop", DAY,
        List.of(item("Milk", 2, "1.85"), item("Bread", 1, "4.20")), new BigDecimal("7.90"));

    assertThat(receipt.total()).isEqualByComparingTo("7.90");
  }

  @Test
  void comparesToTheCentNotTheScale() {
    assertThat(new Receipt("Shop", DAY, List.of(item("Milk", 2, "1.85")), new BigDecimal("3.7")))
        .isNotNull();
    // 3 × 0.333 = 0.999, which rounds to the printed 1.00.
    assertThat(new Receipt("Shop", DAY, List.of(item("Nails", 3, "0.333")), new BigDecimal("1.00")))
        .isNotNull();
  }

  @Test
  void rejectsATotalOffByOneCentWithTheSumSpelledOut() {
    assertThatThrownBy(() -> new Receipt("Shop", DAY,
        List.of(item("Milk", 2, "3.70"), item("Bread", 1, "4.2")), new BigDecimal("11.61")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("total 11.61 does not equal the sum of quantity × unitPrice over the items"
            + " (2 × 3.70 + 1 × 4.20 = 11.60); read the quantities, unit prices and total again"
            + " from the receipt");
  }

  @Test
  void rejectsAReceiptWithoutItems() {
    assertThatThrownBy(() -> new Receipt("Shop", DAY, List.of(), BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a receipt needs at least one item");
  }

  @Test
  void theItemsCannotBeChangedAfterTheCheck() {
    Receipt receipt = new Receipt("Shop", DAY,
        new java.util.ArrayList<>(List.of(item("Milk", 1, "1.00"))), new BigDecimal("1.00"));

    assertThatThrownBy(() -> receipt.items().add(item("Free lunch", 1, "0")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theShippedPhotoIsAPng() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/receipts/green-leaf-grocers.png")) {
      assertThat(in).isNotNull();
      assertThat(Image.fromBytes(in.readAllBytes()).mediaType()).isEqualTo("image/png");
    }
  }
}
