package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.quarry.spi.ExtractMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Processor corner cases a user can hit (issue 14, item 5). */
class CornerCasesTest {
  private static Compilation withReader(String resultType, String... sources) {
    List<javax.tools.JavaFileObject> files = new ArrayList<>();
    for (int i = 0; i < sources.length; i += 2) {
      files.add(source(sources[i], sources[i + 1]));
    }
    files.add(
        source(
            "R",
            "@LlmExtract public interface R { @Prompt(\"{{t}}\") " + resultType
                + " read(String t); }"));
    return compile(files.toArray(new javax.tools.JavaFileObject[0]));
  }

  @Test
  void typeArgumentsThatGrowThroughRecursionAreACompileErrorNotAStackOverflow() {
    Compilation compilation =
        withReader(
            "Tree<String>",
            "Tree",
            "public record Tree<T>(T value, List<Tree<List<T>>> kids) {}");
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "but Tree<T> refers to itself with type arguments that grow at every level"
                + " (Tree<String> → Tree<List<String>> → Tree<List<List<String>>>, ...)");
    assertThat(compilation).hadErrorContaining("Use the same type arguments in the recursive use");
  }

  @Test
  void recursionWithTheSameTypeArgumentsStillWorks() {
    Compilation compilation =
        withReader("Tree<String>", "Tree", "public record Tree<T>(T value, List<Tree<T>> kids) {}");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aSealedInterfaceWithTypeParametersIsReportedAsExactlyThat() {
    Compilation compilation =
        withReader(
            "Box<String>",
            "Box", "public sealed interface Box<T> permits Full {}",
            "Full", "public record Full(String v) implements Box<String> {}");
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "but Box<String> is a sealed interface with type parameters <T>");
  }

  @Test
  void promptOnADefaultMethodIsAnError() {
    Compilation compilation =
        compile(
            source("P", "public record P(String v) {}"),
            source(
                "R",
                "@LlmExtract public interface R {",
                "  @Prompt(\"{{t}}\") P read(String t);",
                "  @Prompt(\"{{t}}\") default P fallback(String t) { return new P(t); }",
                "}"));
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("but R.fallback(String) is a default method, whose body would run"
            + " instead of the model");
  }

  @Test
  void everyConstAndEnumOfAStrictSchemaCarriesItsType() {
    Compilation compilation =
        withReader(
            "Shape",
            "Shape", "public sealed interface Shape permits Circle, Square {}",
            "Circle", "public record Circle(double radius, Colour colour) implements Shape {}",
            "Square", "public record Square(double side, Optional<Colour> colour) implements Shape {}",
            "Colour", "public enum Colour { RED, GREEN }");
    assertThat(compilation).succeeded();
    ClassLoader classes = Compiler.classes(compilation);
    String strict = (String) Compiler.constant(classes, "test.RImpl", "READ_STRICT_SCHEMA");
    List<JsonNode> typeless = new ArrayList<>();
    int[] seen = new int[1];
    walk(Compiler.parse(strict), typeless, seen);
    assertThat(seen[0]).as("const and enum keywords in the strict schema").isGreaterThanOrEqualTo(3);
    assertThat(typeless).as("const or enum without type").isEmpty();
    // The standard dialect stays as short as it was: validators need no type next to a const.
    String standard = (String) Compiler.constant(classes, "test.RImpl", "READ_SCHEMA");
    assertThat(standard).contains("{\"const\":\"Circle\"}");
  }

  private static void walk(JsonNode node, List<JsonNode> typeless, int[] seen) {
    if (node.isObject()) {
      if (node.has("const") || node.has("enum")) {
        seen[0]++;
        if (!node.has("type")) {
          typeless.add(node);
        }
      }
      node.properties().forEach(e -> walk(e.getValue(), typeless, seen));
    } else if (node.isArray()) {
      node.forEach(child -> walk(child, typeless, seen));
    }
  }

  @Test
  void aRawMapSaysWhatWasFound() {
    Compilation compilation = withReader("P", "P", "public record P(Map m) {}");
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("found the raw type Map, without any. Add the type"
            + " arguments, e.g. Map<String, Integer>.");
  }

  @Test
  void aSealedSubInterfaceSaysWhatWasFound() {
    Compilation compilation =
        withReader(
            "S",
            "S", "public sealed interface S permits A, T {}",
            "A", "public record A(int x) implements S {}",
            "T", "public sealed interface T extends S permits B {}",
            "B", "public record B(int y) implements T {}");
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("but S permits T, which is a sealed interface, not a record. Let"
            + " S permit the records of T directly");
  }

  @Test
  void userTypesNamedLikeTheGeneratedReadersStillCompile() {
    Compilation compilation =
        withReader(
            "Readers",
            "Readers", "public record Readers(JsonIn in, List<Readers> more) {}",
            "JsonIn", "public record JsonIn(String name) {}");
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader classes = Compiler.classes(compilation);
    ExtractMethod<?> read = (ExtractMethod<?>) Compiler.constant(classes, "test.RImpl", "READ");
    assertThat(read.hasGeneratedReader()).isTrue();
    assertThat(read.readGenerated("{\"in\":{\"name\":\"a\"},\"more\":[]}").value())
        .hasToString("Readers[in=JsonIn[name=a], more=[]]");
  }

  @Test
  void methodsWithTheSameResultTypeShareOneSchemaConstant() throws Exception {
    Compilation compilation =
        compile(
            source("P", "public record P(String v) {}"),
            source(
                "R",
                "@LlmExtract public interface R {",
                "  @Prompt(\"{{t}}\") P read(String t);",
                "  @Prompt(\"again {{t}}\") P again(String t);",
                "  @Prompt(\"all {{t}}\") List<P> all(String t);",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader classes = Compiler.classes(compilation);
    assertThat(Compiler.constant(classes, "test.RImpl", "READ_SCHEMA")).isNotNull();
    assertThat(Compiler.constant(classes, "test.RImpl", "AGAIN_SCHEMA")).isNull();
    assertThat(Compiler.constant(classes, "test.RImpl", "AGAIN_STRICT_SCHEMA")).isNull();
    assertThat(Compiler.constant(classes, "test.RImpl", "ALL_SCHEMA")).isNotNull();
    ExtractMethod<?> read = (ExtractMethod<?>) Compiler.constant(classes, "test.RImpl", "READ");
    ExtractMethod<?> again = (ExtractMethod<?>) Compiler.constant(classes, "test.RImpl", "AGAIN");
    assertThat(again.schema()).isSameAs(read.schema());
    assertThat(again.strictSchema()).isSameAs(read.strictSchema());
  }
}
