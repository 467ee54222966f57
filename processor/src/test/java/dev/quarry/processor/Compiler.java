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

  /** Like {@link #compile}, with processor options such as {@code -Aquarry.componentModel=none}. */
  static Compilation compileWithOptions(List<String> options, JavaFileObject... sources) {
    return javac()
        .withProcessors(new QuarryProcessor())
        .withOptions(options)
        .compile(List.of(sources));
  }

  /**
   * {@code jakarta.inject.Inject} and {@code Singleton} as source, declared as in
   * jakarta.inject-api 2.0.1: the processor finds them as it finds the jar on a user's class path,
   * while the test class path itself stays without jakarta.inject (the default case).
   */
  static final JavaFileObject[] JAKARTA_INJECT = {
    JavaFileObjects.forSourceString(
        "jakarta.inject.Inject",
        "package jakarta.inject;\n"
            + "import static java.lang.annotation.ElementType.*;\n"
            + "import java.lang.annotation.*;\n"
            + "@Target({METHOD, CONSTRUCTOR, FIELD}) @Retention(RetentionPolicy.RUNTIME) @Documented\n"
            + "public @interface Inject {}\n"),
    JavaFileObjects.forSourceString(
        "jakarta.inject.Scope",
        "package jakarta.inject;\n"
            + "import java.lang.annotation.*;\n"
            + "@Target(ElementType.ANNOTATION_TYPE) @Retention(RetentionPolicy.RUNTIME) @Documented\n"
            + "public @interface Scope {}\n"),
    JavaFileObjects.forSourceString(
        "jakarta.inject.Singleton",
        "package jakarta.inject;\n"
            + "import java.lang.annotation.*;\n"
            + "@Scope @Documented @Retention(RetentionPolicy.RUNTIME)\n"
            + "public @interface Singleton {}\n"),
  };

  /** {@code sources} followed by {@link #JAKARTA_INJECT}. */
  static JavaFileObject[] withJakartaInject(JavaFileObject... sources) {
    JavaFileObject[] all = new JavaFileObject[sources.length + JAKARTA_INJECT.length];
    System.arraycopy(sources, 0, all, 0, sources.length);
    System.arraycopy(JAKARTA_INJECT, 0, all, sources.length, JAKARTA_INJECT.length);
    return all;
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
