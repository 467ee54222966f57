package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quarry.processor.Compiler.compile;
import static dev.quarry.processor.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Constructor;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generated partial type of a recursive record compares, hashes and prints values far deeper
 * than the stack would allow a recursive walk (the record defaults), and binds snapshots.
 */
class DeepPartialTest {
  private static final JavaFileObject TREE =
      source("Tree", "public record Tree(String label, List<Tree> children) {}");
  private static final JavaFileObject TREES =
      source(
          "Trees",
          "import java.util.stream.Stream;",
          "@LlmExtract(mode = Mode.JSON_SCHEMA)",
          "public interface Trees {",
          "  @Prompt(\"Draw the tree of: {{text}}\")",
          "  Stream<TreePartial> grow(String text);",
          "}");
  private static final int DEPTH = 20_000;

  @Test
  void deepPartialsCompareHashAndPrintWithoutOverflow() throws Exception {
    Compilation compilation = compile(TREES, TREE);
    assertThat(compilation).succeeded();
    Class<?> partial = Compiler.classes(compilation).loadClass("test.TreePartial");
    Constructor<?> create = partial.getConstructor(String.class, List.class);

    Object a = deep(create, DEPTH, "leaf");
    Object b = deep(create, DEPTH, "leaf");
    Object c = deep(create, DEPTH, "other");

    assertThat(a.equals(b)).isTrue();
    assertThat(a.equals(c)).isFalse();
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    String text = a.toString();
    assertThat(text).startsWith("TreePartial[label=n0, children=[TreePartial[label=n1, ")
        .contains("TreePartial[label=leaf, children=null]").endsWith("]]");
    assertThat(create.newInstance("x", null).toString()).isEqualTo("TreePartial[label=x, children=null]");
    assertThat(create.newInstance("x", null)).isEqualTo(create.newInstance("x", null))
        .isNotEqualTo(create.newInstance("y", null)).isNotEqualTo(null).isNotEqualTo("x");
  }

  @Test
  void aPartialStillBindsASnapshot() throws Exception {
    Compilation compilation = compile(TREES, TREE);
    Class<?> partial = Compiler.classes(compilation).loadClass("test.TreePartial");
    Object bound = partial.getMethod("of", tools.jackson.databind.JsonNode.class).invoke(null,
        JsonMapper.builder().build().readTree("{\"label\": \"root\", \"children\": [{\"label\": \"a\"}]}"));

    assertThat(bound.toString())
        .isEqualTo("TreePartial[label=root, children=[TreePartial[label=a, children=null]]]");
  }

  private static Object deep(Constructor<?> create, int depth, String leaf) throws Exception {
    Object node = create.newInstance(leaf, null);
    for (int i = depth - 1; i >= 0; i--) {
      node = create.newInstance("n" + i, List.of(node));
    }
    return node;
  }
}
