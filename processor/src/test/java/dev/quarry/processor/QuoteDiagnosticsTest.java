package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per @Quote message of the catalogue, on its element; and the call that passes the sources. */
class QuoteDiagnosticsTest {
  private static final JavaFileObject FACT =
      source("Fact", "public record Fact(String claim, @Quote(\"text\") String evidence) {}");

  private static JavaFileObject finder(String method) {
    return source(
        "Finder",
        "import java.util.stream.Stream;",
        "@LlmExtract",
        "public interface Finder {",
        "  @Prompt(\"Facts of {{text}}\")",
        "  " + method + ";",
        "}");
  }

  @Test
  void theQuotedParameterMustExist() {
    JavaFileObject finder = source("Finder", "@LlmExtract", "public interface Finder {",
        "  @Prompt(\"Facts of {{body}}\")", "  List<Fact> facts(String body);", "}");
    assertThat(compile(finder, FACT))
        .hadErrorContaining("@Quote(\"text\") on Fact.evidence names the parameter the quote comes"
            + " from, but Finder.facts(String) has no parameter 'text' (parameters: body)")
        .inFile(finder)
        .onLineContaining("facts(String body)");
  }

  @Test
  void theQuotedParameterMustBeText() {
    JavaFileObject finder = source("Finder", "@LlmExtract", "public interface Finder {",
        "  @Prompt(\"Facts of the attached document\")", "  List<Fact> facts(Document text);", "}");
    assertThat(compile(finder, FACT))
        .hadErrorContaining("quotes the parameter text of Finder.facts(Document), which must be a"
            + " String or another CharSequence to be searched, but it is Document")
        .inFile(finder)
        .onLineContaining("facts(Document text)");
  }

  @Test
  void theQuotedParameterMustNotBeNullable() {
    JavaFileObject nullable = source("Nullable",
        "@java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)",
        "public @interface Nullable {}");
    JavaFileObject finder = finder("List<Fact> facts(@Nullable String text)");
    assertThat(compile(finder, FACT, nullable))
        .hadErrorContaining("@Quote checks quotes against the parameter text of Finder.facts(String),"
            + " which is @Nullable")
        .inFile(finder)
        .onLineContaining("facts(@Nullable String text)");
  }

  @Test
  void theQuoteMustBeAStringOrAListOfThem() {
    JavaFileObject fact = source("Fact", "public record Fact(String claim,",
        "    @Quote(\"text\") int evidence) {}");
    assertThat(compile(finder("List<Fact> facts(String text)"), fact))
        .hadErrorContaining("@Quote marks a passage copied from a text, so the component must be a"
            + " String or a List<String>, but Fact.evidence is int")
        .inFile(fact)
        .onLineContaining("@Quote(\"text\") int evidence");
  }

  @Test
  void aStreamedResultCannotBeChecked() {
    JavaFileObject finder = finder("Stream<Fact> facts(String text)");
    assertThat(compile(finder, FACT))
        .hadErrorContaining("@Quote on Fact.evidence is checked on the whole answer, but"
            + " Finder.facts(String) streams its result")
        .inFile(finder)
        .onLineContaining("facts(String text)");
  }

  @Test
  void theCallPassesTheQuotedParametersAsSources() throws Exception {
    JavaFileObject finder = source("Finder", "@LlmExtract", "public interface Finder {",
        "  @Prompt(\"Facts of {{text}} for {{reader}}\")",
        "  Extraction<List<Fact>> facts(String reader, String text);",
        "  @Prompt(\"Facts of {{text}}\")",
        "  java.util.concurrent.CompletableFuture<List<Fact>> later(CharSequence text);",
        "}");
    Compilation compilation = compile(finder, FACT);
    assertThat(compilation).succeededWithoutWarnings();
    String impl = compilation.generatedSourceFile("test.FinderImpl").orElseThrow()
        .getCharContent(true).toString();
    org.assertj.core.api.Assertions.assertThat(impl)
        .contains("quarry.extract(FACTS, ")
        .contains(", List.of(), Map.of(\"text\", text))")
        .contains("quarry.extractAsync(LATER, ");
  }
}
