package dev.quarry.samples.quotes;

import dev.quarry.Extraction;
import dev.quarry.Quarry;
import dev.quarry.Quotes;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Citations that exist: every {@code @Quote} is checked against the text it quotes. */
public final class QuotesSample implements Sample {
  public static final String COMPANY = """
      Northwind Traders was founded in 1989 in Leeds by Jane Holt. The company makes \
      “industrial” springs — mostly for trains — and employs 240 people. In 2021 it opened a \
      second plant in Porto.""";

  @Override
  public String name() {
    return "quotes";
  }

  @Override
  public String title() {
    return "Grounded answers: every quote checked against the text";
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    FactFinder finder = quarry.create(FactFinder.class);
    Extraction<Facts> result = finder.facts(COMPANY);
    console.call("FactFinder.facts(COMPANY)", result);
    List<Quotes.Span> spans = Quotes.spans(result.value(), Map.of("text", COMPANY));
    List<String> lines = new ArrayList<>();
    List<Fact> facts = result.value().facts();
    for (int i = 0; i < facts.size(); i++) {
      String pointer = "/facts/" + i + "/evidence";
      // The passage as the text has it, which may differ from the quote in case and typography.
      String where = spans.stream().filter(span -> span.pointer().equals(pointer))
          .map(span -> "[" + span.start() + ".." + span.end() + ") \""
              + COMPANY.substring(span.start(), span.end()) + "\"")
          .findFirst().orElse("(not found)");
      lines.add(facts.get(i).claim() + "  " + where);
    }
    console.lines("facts", lines);
    console.summary(result);
  }
}
