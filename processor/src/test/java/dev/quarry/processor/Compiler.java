package dev.quarry.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Compiles test sources with the processor and loads what it generated. */
final class Compiler {
  static final JsonMapper JSON = JsonMapper.builder().build();

  static final String HEADER =
      "package test;\n"
          + "import dev.quarry.*;\n"
          + "import jakarta.validation.constraints.*;\n"
          + "import java.math.*;\n"
          + "import java.net.URI;\n"
          + "import java.time.*;\n"
          + "import java.util.*;\n";

  private Compiler() {}

  /** A source file {@code test.<simpleName>} with the usual imports. */
  static JavaFileObject source(String simpleName, String... lines) {
    return JavaFileObjects.forSourceString(
        "test." + simpleName, HEADER + String.join("\n", lines) + "\n");
  }

  static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new QuarryProcessor()).compile(List.of(sources));
  }

  /** A class loader over the classes a successful compilation wrote. */
  static ClassLoader classes(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        String name =
            path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length())
                .replace(".class", "")
                .replace('/', '.');
        try (InputStream in = file.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new ClassLoader(Compiler.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /** The value of a static field of a generated class, or {@code null} when there is none. */
  static Object constant(ClassLoader loader, String className, String field) {
    try {
      Field f = loader.loadClass(className).getDeclaredField(field);
      f.setAccessible(true);
      return f.get(null);
    } catch (NoSuchFieldException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** JSON written with single quotes for readability. */
  static JsonNode json(String singleQuoted) {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  static JsonNode parse(String json) {
    return JSON.readTree(json);
  }
}
