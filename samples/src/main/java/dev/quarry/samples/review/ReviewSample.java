package dev.quarry.samples.review;

import dev.quarry.Extraction;
import dev.quarry.LlmValidator;
import dev.quarry.Quarry;
import dev.quarry.Usage;
import dev.quarry.samples.Clients;
import dev.quarry.samples.Console;
import dev.quarry.samples.Sample;
import java.time.LocalDate;

/**
 * A validator that asks a model: a second, cheaper model checks that the summary makes no claim
 * the text does not, and its verdict is re-asked like any violation. Its tokens and cost are
 * part of the call's.
 */
public final class ReviewSample implements Sample {
  public static final String INCIDENT = """
      On 2 June the payment service was down for 47 minutes after a TLS certificate expired. \
      Engineers renewed the certificate and added an alert that fires 30 days before expiry. No \
      card data was exposed.""";

  /** The rule the checker judges; it needs the text, so the text is part of it. */
  public static final String RULE =
      "The summary makes no claim that this incident report does not state:\n" + INCIDENT;

  private Quarry checker;

  @Override
  public String name() {
    return "review";
  }

  @Override
  public String title() {
    return "Validators that ask a model: a cheaper model checks the summary";
  }

  @Override
  public Quarry client(Clients clients) {
    checker = clients.checker("review-checker");
    return clients.quarry(name(),
        builder -> builder.validator(Summary.class, LlmValidator.of(checker, RULE)));
  }

  /** The tokens the checker model spent in this run. */
  public Usage checkerUsage() {
    return checker == null ? Usage.ZERO : checker.totalUsage();
  }

  @Override
  public void run(Quarry quarry, Console console, LocalDate today) {
    Summarizer summarizer = quarry.create(Summarizer.class);
    Extraction<Summary> result = summarizer.summarize(INCIDENT);
    console.call("Summarizer.summarize(INCIDENT)", result);
    console.field("summary", result.value().text());
    console.field("checker", String.format(java.util.Locale.ROOT,
        "%,d tokens, included in the call's usage and cost", checkerUsage().totalTokens()));
    console.summary(result);
  }
}
