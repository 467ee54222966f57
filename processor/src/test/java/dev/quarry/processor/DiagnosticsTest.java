package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per message of the catalogue, on the element it belongs to. */
class DiagnosticsTest {
  private static final JavaFileObject RECEIPT =
      source("Receipt", "public record Receipt(String merchant) {}");

  /** {@code @LlmExtract interface Reader} with {@code lines} as its body. */
  private static JavaFileObject reader(String... lines) {
    String[] all = new String[lines.length + 3];
    all[0] = "@LlmExtract";
    all[1] = "public interface Reader {";
    System.arraycopy(lines, 0, all, 2, lines.length);
    all[all.length - 1] = "}";
    return source("Reader", all);
  }

  private static JavaFileObject readerReturning(String type) {
    return reader("  @Prompt(\"Read {{text}}\")", "  " + type + " read(String text);");
  }

  @Test
  void llmExtractOnClass() {
    JavaFileObject source = source("Reader", "@LlmExtract", "public class Reader {}");
    assertThat(compile(source))
        .hadErrorContaining("@LlmExtract applies to interfaces only, but test.Reader is a class")
        .inFile(source)
        .onLineContaining("@LlmExtract");
  }

  @Test
  void llmExtractOnEnum() {
    JavaFileObject source = source("Reader", "@LlmExtract", "public enum Reader { A }");
    assertThat(compile(source))
        .hadErrorContaining("test.Reader is an enum")
        .inFile(source)
        .onLineContaining("@LlmExtract");
  }

  @Test
  void llmExtractOnAnnotationType() {
    JavaFileObject source = source("Reader", "@LlmExtract", "public @interface Reader {}");
    assertThat(compile(source))
        .hadErrorContaining("test.Reader is an annotation type")
        .inFile(source)
        .onLineContaining("@LlmExtract");
  }

  @Test
  void genericInterface() {
    JavaFileObject source =
        source("Reader", "@LlmExtract", "public interface Reader<T> {", "}");
    assertThat(compile(source))
        .hadErrorContaining("@LlmExtract interfaces cannot have type parameters")
        .inFile(source)
        .onLineContaining("interface Reader<T>");
  }

  @Test
  void privateInterface() {
    JavaFileObject source =
        source(
            "Outer",
            "public class Outer {",
            "  @LlmExtract",
            "  private interface Reader {}",
            "}");
    assertThat(compile(source))
        .hadErrorContaining("but test.Outer.Reader is private. Make it package-private or public")
        .inFile(source)
        .onLineContaining("private interface Reader");
  }

  @Test
  void abstractMethodWithoutPrompt() {
    JavaFileObject source = reader("  Receipt read(String text);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "@LlmExtract interface Reader: every abstract method needs @Prompt, but read(String)"
                + " has none")
        .inFile(source)
        .onLineContaining("Receipt read(String text);");
  }

  @Test
  void defaultAndStaticMethodsAreLeftAlone() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read {{text}}\")",
            "  Receipt read(String text);",
            "  default Receipt readTwice(String text) { read(text); return read(text); }",
            "  static String hello() { return \"hello\"; }");
    assertThat(compile(source, RECEIPT)).succeededWithoutWarnings();
  }

  @Test
  void voidReturn() {
    JavaFileObject source = reader("  @Prompt(\"Read {{text}}\")", "  void read(String text);");
    assertThat(compile(source))
        .hadErrorContaining(
            "@Prompt method Reader.read(String) must return what the model extracts, but it"
                + " returns void")
        .inFile(source)
        .onLineContaining("void read");
  }

  @Test
  void maxRetriesBelowMinusOneOnTheInterface() {
    JavaFileObject source =
        source(
            "Reader",
            "@LlmExtract(system = \"s\",",
            "    maxRetries = -2)",
            "public interface Reader {",
            "  @Prompt(\"Read {{text}}\")",
            "  Receipt read(String text);",
            "}");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "@LlmExtract of test.Reader: maxRetries must be -1 (use the client's retry policy), 0"
                + " (no transport retries) or a positive count, but it is -2")
        .inFile(source)
        .onLineContaining("maxRetries = -2");
  }

  @Test
  void maxRetriesBelowMinusOneOnAMethod() {
    JavaFileObject source =
        reader(
            "  @Prompt(",
            "      value = \"Read {{text}}\",",
            "      maxRetries = -5)",
            "  Receipt read(String text);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("@Prompt of Reader.read(String): maxRetries must be -1")
        .inFile(source)
        .onLineContaining("maxRetries = -5");
  }

  @Test
  void genericMethod() {
    JavaFileObject source =
        reader("  @Prompt(\"Read {{text}}\")", "  <T> List<T> read(String text);");
    assertThat(compile(source))
        .hadErrorContaining("@Prompt method Reader.read(String) cannot have type parameters")
        .inFile(source)
        .onLineContaining("<T> List<T> read");
  }

  @Test
  void overloadsClash() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read {{text}}\")",
            "  Receipt read(String text);",
            "  @Prompt(\"Read {{lines}}\")",
            "  Receipt read(List<String> lines);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "names the generated constant READ; read(List<String>) clashes with read(String)."
                + " Rename one of them by what it reads, e.g. read(List<String>) to readLines.")
        .inFile(source)
        .onLineContaining("Receipt read(List<String> lines);");
  }

  @Test
  void overloadForAnImageSuggestsATypedName() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Extract the receipt below.\\n\\n{{text}}\")",
            "  Receipt read(String text);",
            "  @Prompt(\"Extract the receipt in this photo.\")",
            "  Receipt read(Image photo);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "read(Image) clashes with read(String). Rename one of them by what it reads, e.g."
                + " read(Image) to readImage.")
        .inFile(source)
        .onLineContaining("Receipt read(Image photo);");
  }

  @Test
  void constantNamesClash() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read {{text}}\")",
            "  Receipt read(String text);",
            "  @Prompt(\"Read {{text}}\")",
            "  Receipt readSchema(String text);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "readSchema(String) clashes with read(String). Rename one of them by what it reads.")
        .inFile(source)
        .onLineContaining("Receipt readSchema");
  }

  @Test
  void placeholderNamingNoParameter() {
    JavaFileObject source =
        reader("  @Prompt(\"Read {{txt}}\")", "  Receipt read(String text, int limit);");
    Compilation compilation = compile(source, RECEIPT);
    assertThat(compilation)
        .hadErrorContaining(
            "@Prompt placeholder {{txt}} must name a parameter of Reader.read(String, int), but"
                + " there is none called 'txt' (parameters: text, limit)")
        .inFile(source)
        .onLineContaining("@Prompt(\"Read {{txt}}\")");
    assertThat(compilation)
        .hadErrorContaining("no placeholder uses 'limit'")
        .inFile(source)
        .onLineContaining("Receipt read(");
  }

  @Test
  void unusedParameter() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read {{text}}\")",
            "  Receipt read(String text,",
            "      int unused);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "@Prompt of Reader.read(String, int) must use every parameter, but no placeholder"
                + " uses 'unused'. Add {{unused}}")
        .inFile(source)
        .onLineContaining("int unused");
  }

  @Test
  void badPlaceholderPath() {
    JavaFileObject ticket = source("Ticket", "public record Ticket(String subject, String body) {}");
    JavaFileObject source =
        reader("  @Prompt(\"Classify {{ticket.title}}\")", "  Receipt read(Ticket ticket);");
    assertThat(compile(source, ticket, RECEIPT))
        .hadErrorContaining(
            "@Prompt placeholder {{ticket.title}}: 'title' must be a record component or a"
                + " no-argument getter of Ticket, but there is none. Use one of: subject, body")
        .inFile(source)
        .onLineContaining("@Prompt(\"Classify");
  }

  @Test
  void placeholderNamingAnImage() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read the receipt at {{photo.url}}\")",
            "  Receipt read(String text,",
            "      Image photo);");
    Compilation compilation = compile(source, RECEIPT);
    assertThat(compilation)
        .hadErrorContaining(
            "@Prompt placeholder {{photo.url}} names the Image parameter 'photo' of"
                + " Reader.read(String, Image), but images and documents are sent as attachments"
                + " after the prompt's text, not inside it. Remove the placeholder: 'photo' is"
                + " attached without one.")
        .inFile(source)
        .onLineContaining("@Prompt(\"Read the receipt at");
    assertThat(compilation).hadErrorCount(2); // and 'text' is unused; 'photo' needs no placeholder
  }

  @Test
  void placeholderNamingADocumentList() {
    JavaFileObject source =
        reader("  @Prompt(\"Read {{pages}}\")", "  Receipt read(List<Document> pages);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("@Prompt placeholder {{pages}} names the List<Document> parameter")
        .inFile(source)
        .onLineContaining("@Prompt(\"Read {{pages}}");
  }

  @Test
  void imageArrayParameter() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read the receipt in these photos.\")",
            "  Receipt read(",
            "      Image[] photos);");
    Compilation compilation = compile(source, RECEIPT);
    assertThat(compilation)
        .hadErrorContaining(
            "@Prompt method Reader.read(Image[]) attaches images and documents from parameters of"
                + " type Image, Document, List<Image> or List<Document>, but 'photos' is Image[]."
                + " Declare it as List<Image>.")
        .inFile(source)
        .onLineContaining("Image[] photos");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void attachmentsNeedNoPlaceholder() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read the receipt in this photo and PDF.\")",
            "  Receipt read(Image photo, List<Image> more, Document pdf, List<Document> pdfs);");
    assertThat(compile(source, RECEIPT)).succeededWithoutWarnings();
  }

  @Test
  void nullableAttachment() {
    JavaFileObject nullable = source("Nullable", "public @interface Nullable {}");
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read {{text}}\")",
            "  Receipt read(String text,",
            "      @Nullable Image photo);");
    assertThat(compile(source, nullable, RECEIPT))
        .hadErrorContaining(
            "@Prompt method Reader.read(String, Image) sends its image and document parameters as"
                + " attachments, which cannot be null, but 'photo' (Image) is @Nullable")
        .inFile(source)
        .onLineContaining("@Nullable Image photo");
  }

  @Test
  void malformedPlaceholder() {
    JavaFileObject source =
        reader("  @Prompt(\"Read {{text}} {{ text. }}\")", "  Receipt read(String text);");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("but found {{ text. }}")
        .inFile(source)
        .onLineContaining("@Prompt(");
  }

  @Test
  void extractionOfOptional() {
    JavaFileObject source = readerReturning("Extraction<Optional<Receipt>>");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "cannot return Extraction<Optional<...>>, found Extraction<Optional<Receipt>>")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void rawCompletableFuture() {
    JavaFileObject source =
        readerReturning("@SuppressWarnings(\"rawtypes\") java.util.concurrent.CompletableFuture");
    assertThat(compile(source))
        .hadErrorContaining("generic types need type arguments, but found the raw type CompletableFuture, without any")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void rawOptionalInsideAFuture() {
    JavaFileObject source =
        readerReturning(
            "@SuppressWarnings(\"rawtypes\") java.util.concurrent.CompletionStage<Optional>");
    assertThat(compile(source))
        .hadErrorContaining("generic types need type arguments, but found the raw type Optional, without any")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void futureOfAWildcard() {
    JavaFileObject source = readerReturning("java.util.concurrent.CompletableFuture<?>");
    assertThat(compile(source))
        .hadErrorContaining("cannot contain wildcards, but found ?")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void futureOfVoid() {
    JavaFileObject source = readerReturning("java.util.concurrent.CompletableFuture<Void>");
    assertThat(compile(source))
        .hadErrorContaining(
            "@Prompt method Reader.read(String) must complete with what the model extracts, but"
                + " it returns CompletableFuture<Void>. Declare the result type, e.g."
                + " CompletableFuture<Receipt>.")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void plainFuture() {
    JavaFileObject source = readerReturning("java.util.concurrent.Future<Receipt>");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "@Prompt method Reader.read(String) can run asynchronously only by returning"
                + " CompletableFuture<T> or CompletionStage<T>, but it returns Future<Receipt>."
                + " Return CompletableFuture<Receipt> instead.")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void subclassOfAFuture() {
    JavaFileObject source = readerReturning("java.util.concurrent.FutureTask<Receipt>");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("but it returns FutureTask<Receipt>. Return CompletableFuture<Receipt>")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void nestedFuture() {
    JavaFileObject source =
        readerReturning(
            "java.util.concurrent.CompletableFuture<java.util.concurrent.CompletionStage<Receipt>>");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "@Prompt method Reader.read(String) may return a CompletableFuture or CompletionStage"
                + " only as the outermost type, completing with the result, an Optional or an"
                + " Extraction of it, but it returns CompletableFuture<CompletionStage<Receipt>>."
                + " Return e.g. CompletableFuture<Receipt> or"
                + " CompletableFuture<Optional<Receipt>>.")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void futureInsideAnOptional() {
    JavaFileObject source =
        readerReturning("Optional<java.util.concurrent.CompletableFuture<Receipt>>");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "only as the outermost type, completing with the result, an Optional or an Extraction"
                + " of it, but it returns Optional<CompletableFuture<Receipt>>")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void futureOfExtractionOfOptional() {
    JavaFileObject source =
        readerReturning("java.util.concurrent.CompletableFuture<Extraction<Optional<Receipt>>>");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining(
            "cannot return Extraction<Optional<...>>, found"
                + " CompletableFuture<Extraction<Optional<Receipt>>>")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void rawList() {
    JavaFileObject source = readerReturning("@SuppressWarnings(\"rawtypes\") List");
    assertThat(compile(source))
        .hadErrorContaining("generic types need type arguments, but found the raw type List, without any")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void wildcard() {
    JavaFileObject source = readerReturning("List<? extends Receipt>");
    assertThat(compile(source, RECEIPT))
        .hadErrorContaining("cannot contain wildcards, but found ? extends Receipt")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void objectComponent() {
    JavaFileObject record = source("Receipt", "public record Receipt(Object anything) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining("java.lang.Object says nothing about the answer")
        .inFile(record)
        .onLineContaining("Object anything");
  }

  @Test
  void byteArray() {
    JavaFileObject record = source("Receipt", "public record Receipt(byte[] scan) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining("byte[] has none. Use a String (e.g. base64) instead")
        .inFile(record)
        .onLineContaining("byte[] scan");
  }

  @Test
  void mapWithNonStringKeys() {
    JavaFileObject record =
        source("Receipt", "public record Receipt(Map<Integer, String> byLine) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining("maps need String keys, because JSON object keys are strings, but"
            + " found Map<Integer, String>")
        .inFile(record)
        .onLineContaining("byLine");
  }

  @Test
  void concreteCollection() {
    JavaFileObject record =
        source("Receipt", "public record Receipt(ArrayList<String> lines) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining("must be declared as List, Set, Collection or Map")
        .inFile(record)
        .onLineContaining("lines");
  }

  @Test
  void optionalInsideList() {
    JavaFileObject record =
        source("Receipt", "public record Receipt(List<Optional<String>> lines) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining("allows Optional only as a method's return type or a record"
            + " component, but found Optional<String>")
        .inFile(record)
        .onLineContaining("lines");
  }

  @Test
  void classWithoutCanonicalConstructor() {
    JavaFileObject type =
        source(
            "Receipt",
            "public class Receipt {",
            "  private final String merchant;",
            "  public Receipt(String name) { this.merchant = name; }",
            "}");
    JavaFileObject source = readerReturning("Receipt");
    assertThat(compile(source, type))
        .hadErrorContaining(
            "Receipt has no public constructor whose parameters match its fields. Add one, e.g."
                + " public Receipt(String merchant), or make it a record")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void abstractClass() {
    JavaFileObject type =
        source("Receipt", "public abstract class Receipt { public Receipt() {} }");
    JavaFileObject source = readerReturning("Receipt");
    assertThat(compile(source, type))
        .hadErrorContaining("but Receipt is abstract")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void interfaceNotSealed() {
    JavaFileObject shape = source("Shape", "public interface Shape {}");
    JavaFileObject drawing = source("Drawing", "public record Drawing(Shape shape) {}");
    assertThat(compile(readerReturning("Drawing"), shape, drawing))
        .hadErrorContaining("but Shape is not sealed. Make it a sealed interface permitting"
            + " records")
        .inFile(drawing)
        .onLineContaining("Shape shape");
  }

  @Test
  void sealedInterfaceWithNonRecord() {
    JavaFileObject shape =
        source(
            "Shape",
            "public sealed interface Shape permits Shape.Circle, Shape.Square {",
            "  record Circle(double radius) implements Shape {}",
            "  final class Square implements Shape {}",
            "}");
    JavaFileObject source = readerReturning("Shape");
    assertThat(compile(source, shape))
        .hadErrorContaining("but Shape permits Square, which is a class, not a record. Make Square a record")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void componentNamedTypeInUnionVariant() {
    JavaFileObject shape =
        source(
            "Shape",
            "public sealed interface Shape permits Shape.Circle {",
            "  record Circle(String type, double radius) implements Shape {}",
            "}");
    assertThat(compile(readerReturning("List<Shape>"), shape))
        .hadErrorContaining(
            "tells the records of sealed interface Shape apart by a property 'type' holding the"
                + " record's name, but Circle has a component named 'type'")
        .inFile(shape)
        .onLineContaining("String type");
  }

  @Test
  void privateRecord() {
    JavaFileObject outer =
        source(
            "Outer",
            "public class Outer {",
            "  public record Receipt(Hidden hidden) {}",
            "  private record Hidden(String a) {}",
            "}");
    assertThat(compile(readerReturning("Outer.Receipt"), outer))
        .hadErrorContaining(
            "must construct Hidden from the answer and name it in generated code, but it is"
                + " private")
        .inFile(outer)
        .onLineContaining("Hidden hidden");
  }

  @Test
  void innerClass() {
    JavaFileObject outer =
        source(
            "Outer",
            "public class Outer {",
            "  public class Inner {",
            "    final String a;",
            "    public Inner(String a) { this.a = a; }",
            "  }",
            "}");
    JavaFileObject source = readerReturning("Outer.Inner");
    assertThat(compile(source, outer))
        .hadErrorContaining("but it is an inner class that needs an outer instance")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void unsupportedType() {
    JavaFileObject record = source("Receipt", "public record Receipt(Date when) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining("need a JSON schema, but Date has none")
        .inFile(record)
        .onLineContaining("Date when");
  }

  @Test
  void aliasEqualToAnotherComponent() {
    JavaFileObject record =
        source(
            "Receipt",
            "public record Receipt(String merchant,",
            "    @Alias({\"shop\", \"merchant\"}) String store) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining(
            "@Alias on Receipt.store: an alias must stand for one component of Receipt only, so"
                + " that the model's answer reads one way, but 'merchant' is also the name of"
                + " component 'merchant'. Remove the alias or choose another.")
        .inFile(record)
        .onLineContaining("@Alias({\"shop\", \"merchant\"})");
  }

  @Test
  void aliasEqualToAnotherAlias() {
    JavaFileObject record =
        source(
            "Receipt",
            "public record Receipt(@Alias(\"total\") BigDecimal net,",
            "    @Alias(\"total\") BigDecimal gross) {}");
    Compilation compilation = compile(readerReturning("Receipt"), record);
    assertThat(compilation)
        .hadErrorContaining("but 'total' is also an alias of component 'net'")
        .inFile(record)
        .onLineContaining("BigDecimal gross");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aliasOfAnEnumConstantEqualToAnotherIgnoringCase() {
    JavaFileObject sentiment =
        source(
            "Sentiment",
            "public enum Sentiment {",
            "  POSITIVE,",
            "  @Alias(\"Positive\") GOOD",
            "}");
    assertThat(compile(readerReturning("Sentiment"), sentiment))
        .hadErrorContaining(
            "@Alias on Sentiment.GOOD: an alias must stand for one constant of Sentiment only, so"
                + " that the model's answer reads one way, but 'Positive' is also the name of"
                + " constant 'POSITIVE' (constants match ignoring case).")
        .inFile(sentiment)
        .onLineContaining("@Alias(\"Positive\") GOOD");
  }

  @Test
  void constraintOnWrongType() {
    JavaFileObject record =
        source("Receipt", "public record Receipt(@Size(max = 3) int count) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining(
            "@Size applies to a String, a collection or a map, but it is on int")
        .inFile(record)
        .onLineContaining("int count");
  }

  @Test
  void badDecimal() {
    JavaFileObject record =
        source("Receipt", "public record Receipt(@DecimalMin(\"ten\") BigDecimal total) {}");
    assertThat(compile(readerReturning("Receipt"), record))
        .hadErrorContaining("@DecimalMin needs a decimal number, but found \"ten\"")
        .inFile(record)
        .onLineContaining("BigDecimal total");
  }

  @Test
  void strictNestingLimit() {
    StringBuilder records = new StringBuilder();
    for (int i = 1; i <= 11; i++) {
      records.append(
          "record Level" + i + "(" + (i < 11 ? "Level" + (i + 1) + " next" : "String end")
              + ") {}\n");
    }
    JavaFileObject levels = source("Level1", records.toString());
    JavaFileObject source = readerReturning("Level1");
    assertThat(compile(source, levels))
        .hadErrorContaining(
            "@Prompt method Reader.read(String): OpenAI's strict structured output allows at"
                + " most 10 levels of nested objects, but the result schema has 11")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void strictEnumValueLimit() {
    StringBuilder constants = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      constants.append(i == 0 ? "" : ", ").append("C").append(i);
    }
    JavaFileObject code = source("Code", "public enum Code { " + constants + " }");
    JavaFileObject source = readerReturning("List<Code>");
    assertThat(compile(source, code))
        .hadErrorContaining("allows at most 1000 enum values, but the result schema has 1001")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void mapIsNotStrict() {
    JavaFileObject source = readerReturning("Map<String, Integer>");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadNoteContaining(
            "@Prompt method Reader.read(String): no OpenAI strict schema is generated, because a"
                + " Map cannot be expressed in OpenAI's strict mode")
        .inFile(source)
        .onLineContaining("read(String text)");
  }

  @Test
  void typeNeverGenerated() {
    JavaFileObject source = readerReturning("Missing");
    assertThat(compile(source))
        .hadErrorContaining(
            "@LlmExtract interface test.Reader refers to types that were never generated or"
                + " cannot be found")
        .inFile(source)
        .onLineContaining("interface Reader");
  }

  @Test
  void reportsEveryErrorNotJustTheFirst() {
    JavaFileObject source =
        reader(
            "  @Prompt(\"Read {{nothing}}\")",
            "  Receipt read(String text);",
            "  Receipt other(String text);",
            "  @Prompt(\"x\")",
            "  void third();");
    Compilation compilation = compile(source, RECEIPT);
    assertThat(compilation).hadErrorCount(4);
  }
}
