package dev.quarry.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole development corpus of real model-output quirks, one operation = one pass over a set
 * of cases. Jackson (strict, and with every leniency feature on) only runs on the cases it can
 * read at all, and Quarry is measured on exactly those cases as well, for a like-for-like
 * comparison; the counts are printed at set-up and by {@link CorpusReport}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ParserCorpusBenchmark {
  private List<Corpus.Case> all;
  private List<Corpus.Case> strictReadable;
  private List<Corpus.Case> lenientReadable;

  @Setup
  public void setUp() {
    all = Corpus.load();
    strictReadable = Corpus.readableBy(Corpus.STRICT, all);
    lenientReadable = Corpus.readableBy(Corpus.LENIENT, all);
    System.out.printf("%ncorpus %s: %d cases; Jackson strict reads %d, Jackson lenient reads %d%n",
        Corpus.locate(), all.size(), strictReadable.size(), lenientReadable.size());
  }

  @Benchmark
  public void quarryAllCases(Blackhole bh) {
    for (Corpus.Case c : all) {
      bh.consume(Corpus.quarry(c));
    }
  }

  @Benchmark
  public void quarryOnJacksonStrictReadable(Blackhole bh) {
    for (Corpus.Case c : strictReadable) {
      bh.consume(Corpus.quarry(c));
    }
  }

  @Benchmark
  public void jacksonStrictOnReadable(Blackhole bh) {
    for (Corpus.Case c : strictReadable) {
      bh.consume(Corpus.jackson(Corpus.STRICT, c.raw()));
    }
  }

  @Benchmark
  public void quarryOnJacksonLenientReadable(Blackhole bh) {
    for (Corpus.Case c : lenientReadable) {
      bh.consume(Corpus.quarry(c));
    }
  }

  @Benchmark
  public void jacksonLenientOnReadable(Blackhole bh) {
    for (Corpus.Case c : lenientReadable) {
      bh.consume(Corpus.jackson(Corpus.LENIENT, c.raw()));
    }
  }
}
