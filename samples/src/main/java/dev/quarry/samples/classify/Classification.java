package dev.quarry.samples.classify;

import dev.quarry.Description;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;

/** The category of a ticket, how sure the model is, and why. */
public record Classification(
    Category category,
    @Description("how sure you are, from 0 (guess) to 1 (certain)")
        @DecimalMin("0") @DecimalMax("1") double confidence,
    @Description("one sentence quoting the words that decided the category") @NotBlank String reason) {}
