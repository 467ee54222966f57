package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.quarry.Document;
import dev.quarry.Image;
import dev.quarry.Quarry;
import dev.quarry.QuarryException;
import dev.quarry.spi.ExtractMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Runs generated implementations with the real runtime and a fake model that records each call. */
class GeneratedCodeTest {
  private static final JavaFileObject TICKET =
      source("Ticket", "public record Ticket(String subject, Author author) {}");
  private static final JavaFileObject AUTHOR =
      source(
          "Author",
          "public class Author {",
          "  private final String name;",
          "  public Author(String name) { this.name = name; }",
          "  public String getName() { return name; }",
          "}");
  private static final JavaFileObject CATEGORY =
      source("Category", "public enum Category { BUG, QUESTION }");
  private static final JavaFileObject PERSON =
      source("Person", "public record Person(String name) {}");

  private static final JavaFileObject READER =
      source(
          "Reader",
          "@LlmExtract(system = \"You triage tickets.\", model = \"gpt-test\", mode = Mode.JSON,"
              + " maxAttempts = 2, maxRetries = 4)",
          "public interface Reader {",
          "  /** Sorts a ticket into a category. */",
          "  @Prompt(value = \"Ticket:\\n{{ticket.subject}} by {{ ticket.author.name }},"
              + " \\\"urgent\\\" x{{count}}\", mode = Mode.TOOLS, maxAttempts = 5,"
              + " maxRetries = 0)",
          "  Category classify(Ticket ticket, int count);",
          "",
          "  @Prompt(\"People in: {{text}}\")",
          "  List<Person> people(String text);",
          "",
          "  @Prompt(\"Who wrote {{text}}?\")",
          "  Optional<Person> author(String text);",
          "",
          "  @Prompt(\"{{text}}\")",
          "  Extraction<Person> details(String text);",
          "",
          "  @Prompt(\"Quarry says {{quarry}}\")",
          "  Person shadowed(String quarry);",
          "}");

  private static final class Generated {
    final ClassLoader classes;
    final Object impl;
    final FakeModel model = new FakeModel();

    Generated(Compilation compilation, String implName) throws Exception {
      assertThat(compilation).succeeded();
      classes = Compiler.classes(compilation);
      Quarry quarry = Quarry.builder().provider(model).transport(model).model("test-model").build();
      impl = classes.loadClass(implName).getConstructor(Quarry.class).newInstance(quarry);
    }

    Object call(String method, Object... args) throws Exception {
      for (Method m : impl.getClass().getMethods()) {
        if (m.getName().equals(method)) {
          return m.invoke(impl, args);
        }
      }
      throw new AssertionError("no method " + method);
    }

    /** Calls a method for the request it sends; the fake's answer may not fit its type. */
    void send(String method, Object... args) throws Exception {
      try {
        call(method, args);
      } catch (InvocationTargetException e) {
        if (!(e.getCause() instanceof QuarryException)) {
          throw e;
        }
      }
    }

    Object newInstance(String className, Object... args) throws Exception {
      return classes.loadClass(className).getConstructors()[0].newInstance(args);
    }

    String lastMessage() {
      return model.lastMessage.text();
    }

    void answer(Object value) {
      model.nextValue = value;
    }

    Object lastMethod(String accessor) throws Exception {
      return ExtractMethod.class.getMethod(accessor).invoke(model.lastMethod);
    }
  }

  private static Generated reader() throws Exception {
    return new Generated(compile(READER, TICKET, AUTHOR, CATEGORY, PERSON), "test.ReaderImpl");
  }

  @Test
  void rendersThePromptWithPlaceholdersAndPaths() throws Exception {
    Generated generated = reader();
    Object ticket =
        generated.newInstance(
            "test.Ticket", "Login fails", generated.newInstance("test.Author", "Ann"));
    generated.send("classify", ticket, 3);
    assertThat(generated.lastMessage())
        .isEqualTo("Ticket:\nLogin fails by Ann, \"urgent\" x3");
  }

  @Test
  void carriesTheSettingsOfTheAnnotations() throws Exception {
    Generated generated = reader();
    Object author = generated.newInstance("test.Author", "Ann");
    generated.send("classify", generated.newInstance("test.Ticket", "s", author), 1);
    assertThat(generated.lastMethod("toolName")).isEqualTo("classify");
    assertThat(generated.lastMethod("description")).isEqualTo("Sorts a ticket into a category.");
    assertThat(generated.lastMethod("system")).isEqualTo("You triage tickets.");
    assertThat(generated.lastMethod("model")).isEqualTo("gpt-test");
    assertThat(generated.lastMethod("mode").toString()).isEqualTo("TOOLS");
    assertThat(generated.lastMethod("maxAttempts")).isEqualTo(5);
    assertThat(generated.lastMethod("maxRetries")).isEqualTo(0);
    assertThat(generated.lastMethod("wrapperProperty")).isEqualTo("value");
    assertThat(generated.lastMethod("schema"))
        .isEqualTo(Compiler.constant(generated.classes, "test.ReaderImpl", "CLASSIFY_SCHEMA"));
    assertThat(generated.lastMethod("strictSchema"))
        .isEqualTo(
            Compiler.constant(generated.classes, "test.ReaderImpl", "CLASSIFY_STRICT_SCHEMA"));

    generated.send("people", "text");
    assertThat(generated.lastMethod("mode").toString()).isEqualTo("JSON");
    assertThat(generated.lastMethod("maxAttempts")).isEqualTo(2);
    assertThat(generated.lastMethod("maxRetries")).isEqualTo(4);
    assertThat(generated.lastMethod("description")).isNull();
    Object resultType = generated.lastMethod("resultType");
    assertThat(resultType.getClass().getMethod("getType").invoke(resultType).toString())
        .isEqualTo("java.util.List<test.Person>");

    generated.send("details", "text");
    assertThat(generated.lastMethod("wrapperProperty")).isNull();
  }

  @Test
  void returnsValueOptionalOrExtraction() throws Exception {
    Generated generated = reader();
    Object person = generated.newInstance("test.Person", "Ann");
    generated.answer(person);
    assertThat(generated.call("author", "x")).isEqualTo(Optional.of(person));
    assertThat(generated.call("details", "x").toString()).contains("value=" + person);
    generated.answer(List.of(person));
    assertThat(generated.call("people", "x")).isEqualTo(List.of(person));
    generated.answer(person);
    Object extraction = generated.call("details", "x");
    assertThat(extraction.getClass().getName()).isEqualTo("dev.quarry.Extraction");
    assertThat(extraction.getClass().getMethod("value").invoke(extraction)).isEqualTo(person);
    generated.answer(null);
    assertThat(generated.call("author", "x")).isEqualTo(Optional.empty());
  }

  private static final JavaFileObject ASYNC =
      source(
          "Async",
          "import java.util.concurrent.*;",
          "@LlmExtract",
          "public interface Async {",
          "  @Prompt(\"Who is {{text}}?\")",
          "  Person now(String text);",
          "",
          "  @Prompt(\"Who is {{text}}?\")",
          "  CompletableFuture<Person> later(String text);",
          "",
          "  @Prompt(\"Who wrote {{text}}?\")",
          "  CompletableFuture<Optional<Person>> author(String text);",
          "",
          "  @Prompt(\"{{text}}\")",
          "  CompletableFuture<Extraction<Person>> details(String text);",
          "",
          "  @Prompt(\"People in {{text}}\")",
          "  CompletionStage<List<Person>> people(String text);",
          "",
          "  @Prompt(\"Who is in this photo?\")",
          "  CompletableFuture<Person> photo(Image photo);",
          "}");

  @Test
  void futuresCompleteWithTheTypedValue() throws Exception {
    Generated generated = new Generated(compile(ASYNC, PERSON), "test.AsyncImpl");
    Object person = generated.newInstance("test.Person", "Ann");
    generated.answer(person);
    assertThat(((CompletableFuture<?>) generated.call("later", "Ann")).get()).isEqualTo(person);
    assertThat(generated.lastMessage()).isEqualTo("Who is Ann?");
    assertThat(((CompletableFuture<?>) generated.call("author", "x")).get())
        .isEqualTo(Optional.of(person));
    Object extraction = ((CompletableFuture<?>) generated.call("details", "x")).get();
    assertThat(extraction.getClass().getName()).isEqualTo("dev.quarry.Extraction");
    assertThat(extraction.getClass().getMethod("value").invoke(extraction)).isEqualTo(person);
    Image photo = Image.fromUrl("https://example.com/ann.png");
    assertThat(((CompletableFuture<?>) generated.call("photo", photo)).get()).isEqualTo(person);
    assertThat(generated.model.lastAttachments()).containsExactly(photo);

    generated.answer(List.of(person));
    CompletionStage<?> people = (CompletionStage<?>) generated.call("people", "x");
    assertThat(people.toCompletableFuture().get()).isEqualTo(List.of(person));

    generated.answer(null);
    assertThat(((CompletableFuture<?>) generated.call("author", "x")).get())
        .isEqualTo(Optional.empty());
  }

  @Test
  void aFutureHasTheSchemaAndWrappingOfWhatItCompletesWith() throws Exception {
    Generated generated = new Generated(compile(ASYNC, PERSON), "test.AsyncImpl");
    // The same result type: one schema constant, shared by both methods.
    assertThat(Compiler.constant(generated.classes, "test.AsyncImpl", "LATER_SCHEMA")).isNull();
    assertThat(((ExtractMethod<?>) Compiler.constant(generated.classes, "test.AsyncImpl", "LATER")).schema())
        .isEqualTo(Compiler.constant(generated.classes, "test.AsyncImpl", "NOW_SCHEMA"));
    generated.answer(null);
    ((CompletableFuture<?>) generated.call("later", "x")).handle((v, e) -> null).get();
    assertThat(generated.lastMethod("wrapperProperty")).isNull();
    ((CompletableFuture<?>) generated.call("author", "x")).get();
    assertThat(generated.lastMethod("wrapperProperty")).isEqualTo("value");
    assertThat((String) generated.lastMethod("schema")).contains("{\"type\":\"null\"}");
    Object resultType = generated.lastMethod("resultType");
    assertThat(resultType.getClass().getMethod("getType").invoke(resultType).toString())
        .isEqualTo("class test.Person");
  }

  @Test
  void aFutureChecksItsArgumentsBeforeAnyRequest() throws Exception {
    Generated generated = new Generated(compile(ASYNC, PERSON), "test.AsyncImpl");
    assertThatThrownBy(() -> generated.call("later", (Object) null))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text == null");
    assertThat(generated.model.lastMessage).isNull();
  }

  private static final JavaFileObject SCANNER =
      source(
          "Scanner",
          "@LlmExtract",
          "public interface Scanner {",
          "  @Prompt(\"Who is in this photo?\")",
          "  Person photo(Image photo);",
          "",
          "  @Prompt(\"Who wrote {{title}}?\")",
          "  Person pages(String title, List<Document> pages);",
          "",
          "  @Prompt(\"Same person?\")",
          "  Person compare(Image first, Image second);",
          "",
          "  @Prompt(\"Who signed {{title}}?\")",
          "  Person signed(Image front, String title, List<Image> pages, Document attachments);",
          "}");

  @Test
  void sendsImageAndDocumentParametersAsAttachmentsInParameterOrder() throws Exception {
    Generated generated = new Generated(compile(SCANNER, PERSON), "test.ScannerImpl");
    Image front = Image.fromUrl("https://example.com/front.png");
    Image page1 = Image.fromUrl("https://example.com/page1.png");
    Image page2 = Image.fromUrl("https://example.com/page2.png");
    Document pdf = Document.fromUrl("https://example.com/contract.pdf");

    generated.send("photo", front);
    assertThat(generated.lastMessage()).isEqualTo("Who is in this photo?");
    assertThat(generated.lastMethod("maxRetries")).isEqualTo(-1);
    assertThat(generated.model.lastAttachments()).containsExactly(front);

    generated.send("pages", "the contract", List.of(pdf, pdf));
    assertThat(generated.lastMessage()).isEqualTo("Who wrote the contract?");
    assertThat(generated.model.lastAttachments()).containsExactly(pdf, pdf);

    generated.send("compare", front, page1);
    assertThat(generated.model.lastAttachments()).containsExactly(front, page1);

    generated.send("signed", front, "it", List.of(page1, page2), pdf);
    assertThat(generated.lastMessage()).isEqualTo("Who signed it?");
    assertThat(generated.model.lastAttachments()).containsExactly(front, page1, page2, pdf);
  }

  @Test
  void rejectsANullAttachmentByName() throws Exception {
    Generated generated = new Generated(compile(SCANNER, PERSON), "test.ScannerImpl");
    assertThatThrownBy(() -> generated.call("photo", (Object) null))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessage("photo == null");
    assertThatThrownBy(() -> generated.call("pages", "x", null))
        .cause()
        .hasMessage("pages == null");
  }

  private static final JavaFileObject NULLABLE =
      source(
          "Nullable",
          "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS)",
          "public @interface Nullable {}");
  private static final JavaFileObject TYPE_USE_NULLABLE =
      com.google.testing.compile.JavaFileObjects.forSourceString(
          "org.jspecify.annotations.Nullable",
          "package org.jspecify.annotations;\n"
              + "import java.lang.annotation.*;\n"
              + "@Target(ElementType.TYPE_USE) @Retention(RetentionPolicy.RUNTIME)\n"
              + "public @interface Nullable {}\n");
  private static final JavaFileObject NOTES =
      source(
          "Notes",
          "@LlmExtract",
          "public interface Notes {",
          "  @Prompt(\"{{text}} ({{note}}, {{tag}}) x{{count}}\")",
          "  Person read(String text, @Nullable String note,"
              + " @org.jspecify.annotations.Nullable String tag, int count);",
          "}");

  @Test
  void rejectsANullParameterByNameBeforeAnyRequest() throws Exception {
    Generated generated =
        new Generated(compile(NOTES, NULLABLE, TYPE_USE_NULLABLE, PERSON), "test.NotesImpl");
    assertThatThrownBy(() -> generated.call("read", null, "n", "t", 1))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text == null");
    assertThat(generated.model.lastMessage).isNull();
  }

  @Test
  void passesANullableParameterThrough() throws Exception {
    Generated generated =
        new Generated(compile(NOTES, NULLABLE, TYPE_USE_NULLABLE, PERSON), "test.NotesImpl");
    generated.send("read", "hi", null, null, 2);
    assertThat(generated.lastMessage()).isEqualTo("hi (null, null) x2");
  }

  @Test
  void aParameterNamedQuarryDoesNotHideTheField() throws Exception {
    Generated generated = reader();
    generated.send("shadowed", "hi");
    assertThat(generated.lastMessage()).isEqualTo("Quarry says hi");
  }

  @Test
  void rejectsANullQuarry() throws Exception {
    Generated generated = reader();
    assertThatThrownBy(
            () ->
                generated
                    .impl
                    .getClass()
                    .getConstructor(Quarry.class)
                    .newInstance((Object) null))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .hasMessage("quarry == null");
  }

  @Test
  void implementsMethodsInheritedFromAGenericSuperinterface() throws Exception {
    JavaFileObject base =
        source(
            "Base",
            "public interface Base<T> {",
            "  @Prompt(\"Read {{text}}\")",
            "  T read(String text);",
            "}");
    JavaFileObject reader =
        source("Reader", "@LlmExtract", "public interface Reader extends Base<Person> {}");
    Generated generated = new Generated(compile(base, reader, PERSON), "test.ReaderImpl");
    generated.send("read", "x");
    assertThat(generated.lastMessage()).isEqualTo("Read x");
    assertThat((String) generated.lastMethod("schema")).contains("\"name\"");
  }

  @Test
  void nestedInterfaceGetsJoinedName() throws Exception {
    JavaFileObject outer =
        source(
            "Outer",
            "public class Outer {",
            "  @LlmExtract",
            "  public interface Reader {",
            "    @Prompt(\"Read {{text}}\")",
            "    Person read(String text);",
            "  }",
            "}");
    Generated generated = new Generated(compile(outer, PERSON), "test.Outer_ReaderImpl");
    generated.send("read", "y");
    assertThat(generated.lastMessage()).isEqualTo("Read y");
  }

  /** Writes {@code test.Late} in the first round, as another annotation processor would. */
  static final class LateProcessor extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (var writer = processingEnv.getFiler().createSourceFile("test.Late").openWriter()) {
          writer.write("package test; public record Late(String name) {}");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void waitsForTypesThatAnotherProcessorGenerates() throws Exception {
    JavaFileObject reader =
        source(
            "Reader",
            "@LlmExtract",
            "public interface Reader {",
            "  @Prompt(\"Read {{text}}\")",
            "  List<Late> read(String text);",
            "}");
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new QuarryProcessor(), new LateProcessor())
            .compile(reader);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ReaderImpl").isNotNull();
    assertThat(
            (String)
                Compiler.constant(Compiler.classes(compilation), "test.ReaderImpl", "READ_SCHEMA"))
        .contains("\"name\"");
  }

  @Test
  void internalErrorNamesTheInterfaceAndCarriesTheTrace() {
    assertThat(Messages.internalError("test.Reader", "java.lang.IllegalStateException: boom"))
        .startsWith("@LlmExtract: Quarry bug while processing test.Reader")
        .endsWith("java.lang.IllegalStateException: boom");
  }
}
