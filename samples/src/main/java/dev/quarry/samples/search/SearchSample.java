package dev.quarry.samples.search;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.time.LocalDate;
import java.util.Optional;

/** Query understanding: relative dates become real ones, filters become Optionals. */
public final class SearchSample implements Sample {
  public static final String LAST_WEEK = "What happened last week with the EU AI Act?";
  public static final String PODCASTS =
      "Any podcasts from Lex Fridman about robotics since the start of May? English only.";

  @Override
  public String name() {
    return "search";
  }

  @Override
  public String title() {
    return "Query understanding: {{today}} resolves relative dates, Optional filters";
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    QueryUnderstanding understanding = quarry.create(QueryUnderstanding.class);
    console.line("  today = " + today + " (" + today.getDayOfWeek() + ")");
    for (String question : new String[] {LAST_WEEK, PODCASTS}) {
      Extraction<SearchRequest> result = understanding.understand(question, today);
      console.call("QueryUnderstanding.understand(\"" + question + "\", today)", result);
      SearchRequest request = result.value();
      console.field("query", request.query());
      console.field("range", request.range());
      console.field("contentType", shown(request.contentType()));
      console.field("author", shown(request.author()));
      console.field("language", shown(request.language()));
      console.summary(result);
    }
  }

  private static String shown(Optional<?> filter) {
    return filter.map(Object::toString).orElse("(not set)");
  }
}
