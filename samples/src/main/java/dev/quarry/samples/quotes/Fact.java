package dev.quarry.samples.quotes;

import dev.quarry.Description;
import dev.quarry.Quote;

/** One fact of a text and the passage that states it, which must really be in the text. */
@Description("A fact the text states, with its evidence.")
public record Fact(
    @Description("the fact, in a few words") String claim,
    @Description("the passage of the text that states it, copied word for word")
        @Quote("text") String evidence) {}
