package dev.quarry.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import tools.jackson.databind.JsonNode;

/** The schemas generated for {@code Reader.read(String)} returning a given type. */
record Schemas(String schema, String strictSchema, ClassLoader classes) {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  /** Compiles {@code Reader} with {@code String read(String text)} returning {@code type}. */
  static Schemas of(String type, JavaFileObject... types) {
    List<JavaFileObject> sources = new ArrayList<>(List.of(types));
    sources.add(
        Compiler.source(
            "Reader",
            "@LlmExtract",
            "public interface Reader {",
            "  @Prompt(\"Read {{text}}\")",
            "  " + type + " read(String text);",
            "}"));
    Compilation compilation = Compiler.compile(sources.toArray(new JavaFileObject[0]));
    assertThat(compilation).succeeded();
    ClassLoader classes = Compiler.classes(compilation);
    return new Schemas(
        (String) Compiler.constant(classes, "test.ReaderImpl", "READ_SCHEMA"),
        (String) Compiler.constant(classes, "test.ReaderImpl", "READ_STRICT_SCHEMA"),
        classes);
  }

  /** The schemas of the single component {@code v} of {@code record Receipt(<component>)}. */
  static Schemas ofComponent(String component, JavaFileObject... types) {
    List<JavaFileObject> sources = new ArrayList<>(List.of(types));
    sources.add(Compiler.source("Receipt", "public record Receipt(" + component + ") {}"));
    return of("Receipt", sources.toArray(new JavaFileObject[0]));
  }

  JsonNode json() {
    return Compiler.parse(schema);
  }

  JsonNode strict() {
    return strictSchema == null ? null : Compiler.parse(strictSchema);
  }

  JsonNode property(String name) {
    return json().get("properties").get(name);
  }

  JsonNode strictProperty(String name) {
    return strict().get("properties").get(name);
  }

  /** What a JSON-schema validator says about {@code instance} under the standard schema. */
  List<Error> validate(String instance) {
    return REGISTRY.getSchema(schema, InputFormat.JSON).validate(instance, InputFormat.JSON);
  }

  List<Error> validateStrict(String instance) {
    return REGISTRY.getSchema(strictSchema, InputFormat.JSON).validate(instance, InputFormat.JSON);
  }
}
