package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compileWithOptions;
import static dev.quarry.processor.Compiler.source;
import static dev.quarry.processor.Compiler.withJakartaInject;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The processor option {@code quarry.componentModel} (the generated code is in GoldenTest). */
class ComponentModelTest {
  private static final JavaFileObject READER =
      source(
          "Reader",
          "@LlmExtract",
          "public interface Reader {",
          "  @Prompt(\"Who is named in {{text}}?\")",
          "  String name(String text);",
          "}");

  @Test
  void jakartaWithoutJakartaInjectOnTheClassPathIsAnError() {
    Compilation compilation =
        compileWithOptions(List.of("-Aquarry.componentModel=jakarta"), READER);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "-Aquarry.componentModel=jakarta makes generated implementations"
                + " @jakarta.inject.Singleton");
    assertThat(compilation)
        .hadErrorContaining("Add the dependency jakarta.inject:jakarta.inject-api");
  }

  @Test
  void anUnknownValueIsAnError() {
    Compilation compilation =
        compileWithOptions(List.of("-Aquarry.componentModel=spring"), withJakartaInject(READER));
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("-Aquarry.componentModel must be jakarta or none, but it is 'spring'");
  }

  @Test
  void noneCompilesPlainClassesWithJakartaInjectPresent() {
    Compilation compilation =
        compileWithOptions(List.of("-Aquarry.componentModel=NONE"), withJakartaInject(READER));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.ReaderImpl")
        .contentsAsUtf8String()
        .doesNotContain("jakarta.inject");
  }
}
