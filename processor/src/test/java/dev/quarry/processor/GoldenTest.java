package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.compileWithOptions;
import static dev.quarry.processor.Compiler.source;
import static dev.quarry.processor.Compiler.withJakartaInject;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Generated sources compared character for character with the files in {@code golden/}. */
class GoldenTest {
  private static final JavaFileObject RECEIPT =
      source(
          "Receipt",
          "/** A shop receipt. */",
          "public record Receipt(String merchant, LocalDate date, List<LineItem> items,"
              + " BigDecimal total) {}");
  private static final JavaFileObject LINE_ITEM =
      source(
          "LineItem",
          "public record LineItem(@Description(\"as printed\") String name, @Positive int quantity,"
              + " BigDecimal unitPrice) {}");
  private static final JavaFileObject RECEIPT_READER =
      source(
          "ReceiptReader",
          "@LlmExtract(system = \"You extract data from receipts. Never invent values.\")",
          "public interface ReceiptReader {",
          "  /** Reads one receipt. */",
          "  @Prompt(\"Extract the receipt below.\\n\\n{{text}}\")",
          "  Receipt read(String text);",
          "}");
  private static final JavaFileObject PERSON =
      source("Person", "public record Person(String name, Optional<String> email) {}");

  private static void assertGolden(Compilation compilation, String implName, String golden) {
    assertThat(compilation).succeededWithoutWarnings();
    if (Boolean.getBoolean("quarry.updateGoldens")) {
      // mvn ... -Dquarry.updateGoldens=true rewrites the golden files; review the diff.
      try {
        java.nio.file.Files.writeString(
            java.nio.file.Path.of("src/test/resources/golden", golden),
            compilation.generatedSourceFile(implName).orElseThrow().getCharContent(true));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertThat(compilation)
        .generatedSourceFile(implName)
        .contentsAsUtf8String()
        .isEqualTo(Golden.read("golden/" + golden));
  }

  @Test
  void recordResult() {
    assertGolden(
        compile(RECEIPT_READER, RECEIPT, LINE_ITEM),
        "test.ReceiptReaderImpl",
        "ReceiptReaderImpl.java");
  }

  @Test
  void injectableWhenJakartaInjectIsOnTheClassPath() {
    assertGolden(
        compile(withJakartaInject(RECEIPT_READER, RECEIPT, LINE_ITEM)),
        "test.ReceiptReaderImpl",
        "InjectableReceiptReaderImpl.java");
  }

  @Test
  void injectableWhenTheOptionSaysJakarta() {
    assertGolden(
        compileWithOptions(
            List.of("-Aquarry.componentModel=jakarta"),
            withJakartaInject(RECEIPT_READER, RECEIPT, LINE_ITEM)),
        "test.ReceiptReaderImpl",
        "InjectableReceiptReaderImpl.java");
  }

  @Test
  void optionNoneWinsOverJakartaInjectOnTheClassPath() {
    assertGolden(
        compileWithOptions(
            List.of("-Aquarry.componentModel=none"),
            withJakartaInject(RECEIPT_READER, RECEIPT, LINE_ITEM)),
        "test.ReceiptReaderImpl",
        "ReceiptReaderImpl.java");
  }

  @Test
  void imageAndDocumentParameters() {
    JavaFileObject scanner =
        source(
            "ReceiptScanner",
            "@LlmExtract(system = \"You extract data from receipts. Never invent values.\")",
            "public interface ReceiptScanner {",
            "  @Prompt(\"Extract the receipt in this photo.\")",
            "  Receipt readImage(Image photo);",
            "",
            "  @Prompt(\"Extract the receipt of {{merchant}} from these scans.\")",
            "  Receipt readScans(String merchant, Image cover, List<Document> pages);",
            "}");
    assertGolden(
        compile(scanner, RECEIPT, LINE_ITEM),
        "test.ReceiptScannerImpl",
        "ReceiptScannerImpl.java");
  }

  @Test
  void listResult() {
    JavaFileObject reader =
        source(
            "PeopleFinder",
            "@LlmExtract",
            "public interface PeopleFinder {",
            "  @Prompt(value = \"List every person named in: {{text}}\", mode = Mode.JSON_SCHEMA)",
            "  List<Person> people(String text);",
            "}");
    assertGolden(compile(reader, PERSON), "test.PeopleFinderImpl", "PeopleFinderImpl.java");
  }

  @Test
  void optionalResult() {
    JavaFileObject reader =
        source(
            "AuthorFinder",
            "@LlmExtract(model = \"gpt-4o-mini\", maxAttempts = 2, maxRetries = 3)",
            "public interface AuthorFinder {",
            "  @Prompt(\"Who wrote this, if anyone says? {{document.title}}\\n{{document.body}}\")",
            "  Optional<Person> author(Document document);",
            "}");
    JavaFileObject document =
        source("Document", "public record Document(String title, String body) {}");
    assertGolden(
        compile(reader, PERSON, document), "test.AuthorFinderImpl", "AuthorFinderImpl.java");
  }

  @Test
  void asyncResultsAndMaxRetries() {
    JavaFileObject reader =
        source(
            "AsyncFinder",
            "import java.util.concurrent.*;",
            "@LlmExtract(maxRetries = 2)",
            "public interface AsyncFinder {",
            "  @Prompt(value = \"Who is {{text}}?\", maxRetries = 0)",
            "  CompletableFuture<Person> person(String text);",
            "",
            "  @Prompt(\"Who wrote {{text}}, if anyone says?\")",
            "  CompletableFuture<Optional<Person>> author(String text);",
            "",
            "  @Prompt(\"At most {{limit}} people in {{text}}\")",
            "  CompletionStage<Extraction<List<Person>>> people(String text, int limit);",
            "",
            "  @Prompt(\"Who is in this photo?\")",
            "  CompletableFuture<Person> photo(Image photo);",
            "}");
    assertGolden(compile(reader, PERSON), "test.AsyncFinderImpl", "AsyncFinderImpl.java");
  }
}
