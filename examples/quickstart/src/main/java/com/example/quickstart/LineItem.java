package com.example.quickstart;

import dev.quarry.Description;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

public record LineItem(@Description("the name as printed") String name,
                       @Positive int quantity, BigDecimal unitPrice) {}
