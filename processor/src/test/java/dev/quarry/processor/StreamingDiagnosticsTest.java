package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per streaming message of the catalogue, on the method it belongs to. */
class StreamingDiagnosticsTest {
  private static final JavaFileObject PERSON =
      source("Person", "public record Person(String name) {}");

  private static JavaFileObject readerReturning(String type) {
    return source(
        "Reader",
        "import java.util.stream.Stream;",
        "import java.util.concurrent.Flow;",
        "@LlmExtract",
        "public interface Reader {",
        "  @Prompt(\"Read {{text}}\")",
        "  " + type + " read(String text);",
        "}");
  }

  private static void assertError(String type, String message, JavaFileObject... others) {
    JavaFileObject reader = readerReturning(type);
    JavaFileObject[] all = new JavaFileObject[others.length + 1];
    all[0] = reader;
    System.arraycopy(others, 0, all, 1, others.length);
    assertThat(compile(all))
        .hadErrorContaining(message)
        .inFile(reader)
        .onLineContaining(" read(String text)");
  }

  @Test
  void rawStream() {
    assertError("Stream", "@Prompt method Reader.read(String) streams its answer, so the stream"
        + " needs its element type, but Stream is raw");
  }

  @Test
  void rawIterator() {
    assertError("Iterator", "but Iterator is raw");
  }

  @Test
  void rawPublisher() {
    assertError("Flow.Publisher", "but Publisher is raw");
  }

  @Test
  void rawStreamingExtraction() {
    assertError("StreamingExtraction", "but StreamingExtraction is raw");
  }

  @Test
  void wildcardStream() {
    assertError("Stream<?>", "the element type cannot be a wildcard, but found Stream<?>");
  }

  @Test
  void boundedWildcardStream() {
    assertError("Stream<? extends Person>", "but found Stream<? extends Person>", PERSON);
  }

  @Test
  void streamOfOptional() {
    assertError(
        "Stream<Optional<Person>>",
        "but Stream<Optional<Person>> streams Optional<Person>, which is not an element of a list"
            + " answer",
        PERSON);
  }

  @Test
  void iteratorOfStream() {
    assertError(
        "Iterator<Stream<Person>>",
        "but Iterator<Stream<Person>> streams Stream<Person>",
        PERSON);
  }

  @Test
  void streamOfExtraction() {
    assertError("Stream<Extraction<Person>>", "streams Extraction<Person>", PERSON);
  }

  @Test
  void streamingExtractionOfOptional() {
    assertError(
        "StreamingExtraction<Optional<Person>>", "streams Optional<Person>", PERSON);
  }

  @Test
  void optionalOfStream() {
    assertError(
        "Optional<Stream<Person>>",
        "@Prompt methods return a stream directly, because a stream is read while the model"
            + " writes, but Reader.read(String) returns Optional<Stream<Person>>",
        PERSON);
  }

  @Test
  void extractionOfStream() {
    assertError("Extraction<Stream<Person>>", "returns Extraction<Stream<Person>>", PERSON);
  }

  @Test
  void streamOfUnsupportedElement() {
    assertError("Stream<Object>", "java.lang.Object says nothing about the answer");
  }

  @Test
  void partialOfUnion() {
    JavaFileObject shape =
        source(
            "Shape",
            "public sealed interface Shape permits Circle {}",
            "record Circle(double radius) implements Shape {}");
    JavaFileObject drawing = source("Drawing", "public record Drawing(String title, Shape shape) {}");
    assertError(
        "Stream<DrawingPartial>",
        "streams partial snapshots of Drawing, but Drawing reaches the sealed interface Shape",
        shape,
        drawing);
  }

  @Test
  void partialOfGeneric() {
    JavaFileObject box = source("Box", "public record Box<T>(T content) {}");
    JavaFileObject shelf = source("Shelf", "public record Shelf(Box<String> box) {}");
    assertError(
        "Stream<ShelfPartial>",
        "streams partial snapshots of Shelf, but it reaches the generic type Box",
        box,
        shelf);
  }

  @Test
  void partialNameTaken() {
    JavaFileObject item = source("Item", "public record Item(String name) {}");
    JavaFileObject order = source("Order", "public record Order(List<Item> items) {}");
    JavaFileObject taken = source("ItemPartial", "public record ItemPartial(int whatever) {}");
    assertError(
        "Stream<OrderPartial>",
        "for which Quarry generates test.ItemPartial for Item, but a type of that name exists",
        item,
        order,
        taken);
  }

  @Test
  void partialOfRecordWithErrorsReportsThem() {
    JavaFileObject broken = source("Broken", "public record Broken(Object thing) {}");
    JavaFileObject reader = readerReturning("Stream<BrokenPartial>");
    assertThat(compile(reader, broken)).hadErrorContaining("java.lang.Object says nothing");
  }

  @Test
  void userTypeEndingInPartialIsAListElement() {
    JavaFileObject own = source("DraftPartial", "public record DraftPartial(String text) {}");
    JavaFileObject draft = source("Draft", "public record Draft(String text, int words) {}");
    assertThat(compile(readerReturning("Stream<DraftPartial>"), own, draft))
        .succeededWithoutWarnings();
  }
}
