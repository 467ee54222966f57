package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Generated streaming sources compared character for character with {@code golden/}. */
class StreamingGoldenTest {
  private static final JavaFileObject PERSON =
      source("Person", "public record Person(String name, Optional<String> email) {}");
  private static final JavaFileObject LINE_ITEM =
      source("LineItem", "public record LineItem(String name, int quantity, BigDecimal unitPrice) {}");
  private static final JavaFileObject RECEIPT =
      source(
          "Receipt",
          "public record Receipt(String merchant, LocalDate date, List<LineItem> items,"
              + " BigDecimal total) {}");
  private static final JavaFileObject PEOPLE_STREAMER =
      source(
          "PeopleStreamer",
          "import java.util.concurrent.Flow;",
          "import java.util.stream.Stream;",
          "@LlmExtract(mode = Mode.JSON_SCHEMA)",
          "public interface PeopleStreamer {",
          "  @Prompt(\"List every person named in: {{text}}\")",
          "  Stream<Person> people(String text);",
          "",
          "  @Prompt(\"List every person named in: {{text}}\")",
          "  Iterator<Person> peopleIterator(String text);",
          "",
          "  @Prompt(\"List every person named in: {{text}}\")",
          "  Flow.Publisher<Person> peoplePublisher(String text);",
          "",
          "  @Prompt(\"Read the receipt: {{text}}\")",
          "  Stream<ReceiptPartial> readLive(String text);",
          "",
          "  @Prompt(\"Read the receipt: {{text}}\")",
          "  StreamingExtraction<Receipt> readEvents(String text);",
          "}");

  private static void assertGolden(Compilation compilation, String name, String golden) {
    if (Boolean.getBoolean("quarry.updateGoldens")) {
      // mvn ... -Dquarry.updateGoldens=true rewrites the golden files; review the diff.
      try {
        java.nio.file.Files.writeString(
            java.nio.file.Path.of("src/test/resources/golden", golden),
            compilation.generatedSourceFile(name).orElseThrow().getCharContent(true));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertThat(compilation)
        .generatedSourceFile(name)
        .contentsAsUtf8String()
        .isEqualTo(Golden.read("golden/" + golden));
  }

  @Test
  void streamingMethods() {
    Compilation compilation = compile(PEOPLE_STREAMER, PERSON, RECEIPT, LINE_ITEM);
    assertThat(compilation).succeededWithoutWarnings();
    assertGolden(compilation, "test.PeopleStreamerImpl", "PeopleStreamerImpl.java");
    assertGolden(compilation, "test.ReceiptPartial", "ReceiptPartial.java");
    assertGolden(compilation, "test.LineItemPartial", "LineItemPartial.java");
  }
}
