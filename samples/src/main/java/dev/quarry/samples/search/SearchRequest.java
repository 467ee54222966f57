package dev.quarry.samples.search;

import dev.quarry.Description;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;

/** What the search backend needs: keywords, a date range, and the filters the user asked for. */
@Description("A search over a document index, with the filters the question asks for.")
public record SearchRequest(
    @Description("the topic as search keywords, without dates, filters or filler words")
        @NotBlank String query,
    @Description("the days the question is about, as real dates.") DateRange range,
    @Description("only this kind of document; leave out unless the question asks for one.")
        Optional<ContentType> contentType,
    @Description("only documents by this person or outlet; leave out unless named")
        Optional<String> author,
    @Description("only documents in this language, as an ISO 639-1 code; leave out unless asked")
        Optional<@Pattern(regexp = "[a-z]{2}") String> language) {}
