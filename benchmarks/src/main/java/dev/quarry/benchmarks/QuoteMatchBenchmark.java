package dev.quarry.benchmarks;

import dev.quarry.validate.QuoteMatcher;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code @Quote} check with the source text doubling from 100k to 1.6M characters: folding
 * the text, finding a quote at its end, and finding the closest passage to a quote that is not
 * there (the work a misquote costs). Each should take about twice as long per doubling.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class QuoteMatchBenchmark {
  @Param({"100000", "200000", "400000", "800000", "1600000"})
  public int size;

  private static final String PRESENT = "the committee approved the budget by seven votes to two";
  private static final String ABSENT = "the committee rejected the budget by nine votes to one";

  private String text;
  private QuoteMatcher matcher;

  @Setup
  public void setUp() {
    // Prose-like text: words of a small vocabulary, so four-letter pieces repeat often.
    String[] words = {"the", "board", "met", "on", "tuesday", "and", "voted", "budget", "plant",
        "springs", "trains", "committee", "report", "by", "votes", "to", "approved", "seven"};
    Random random = new Random(17);
    StringBuilder builder = new StringBuilder(size + PRESENT.length());
    while (builder.length() < size) {
      builder.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ". " : " ");
    }
    text = builder.append(PRESENT).toString();
    matcher = new QuoteMatcher(text);
  }

  @Benchmark
  public Object fold() {
    return new QuoteMatcher(text);
  }

  @Benchmark
  public int[] findAtTheEnd() {
    return matcher.find(PRESENT);
  }

  @Benchmark
  public String closestToAMisquote() {
    return matcher.closest(ABSENT);
  }
}
