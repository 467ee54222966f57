package com.example.quickstart;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

public record Receipt(String merchant, LocalDate date, List<LineItem> items, BigDecimal total) {
  public Receipt {                      // plain Java validation becomes re-ask feedback
    if (total.signum() < 0) throw new IllegalArgumentException("total must be >= 0");
  }
}
