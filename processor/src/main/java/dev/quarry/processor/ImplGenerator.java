package dev.quarry.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.quarry.processor.MethodModel.Attachment;
import dev.quarry.processor.MethodModel.Literal;
import dev.quarry.processor.MethodModel.Placeholder;
import dev.quarry.processor.MethodModel.PromptPart;
import dev.quarry.processor.NamedType.ObjectType;
import dev.quarry.processor.NamedType.UnionType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Writes {@code <Interface>Impl}: schema constants, one {@code ExtractMethod} per method. */
final class ImplGenerator {
  private static final ClassName QUARRY = ClassName.get("dev.quarry", "Quarry");
  private static final ClassName EXTRACTION = ClassName.get("dev.quarry", "Extraction");
  private static final ClassName MODE = ClassName.get("dev.quarry", "Mode");
  private static final ClassName EXTRACT_METHOD = ClassName.get("dev.quarry.spi", "ExtractMethod");
  private static final ClassName RENDER = ClassName.get("dev.quarry.spi", "Render");
  private static final ClassName TYPE_REFERENCE =
      ClassName.get("tools.jackson.core.type", "TypeReference");
  private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
  private static final ClassName MAP = ClassName.get("java.util", "Map");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
  private static final ClassName PART = ClassName.get("dev.quarry", "Message", "Part");
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private static final ClassName INJECT = ClassName.bestGuess(ComponentModel.INJECT);
  private static final ClassName SINGLETON = ClassName.bestGuess(ComponentModel.SINGLETON);

  private final Elements elements;
  private final Types types;
  private final ComponentModel componentModel;
  private final Map<String, String> schemaConstants = new java.util.HashMap<>();
  private final Map<String, String> strictConstants = new java.util.HashMap<>();

  ImplGenerator(Elements elements, Types types, ComponentModel componentModel) {
    this.elements = elements;
    this.types = types;
    this.componentModel = componentModel;
  }

  JavaFile generate(InterfaceModel model) {
    schemaConstants.clear();
    strictConstants.clear();
    ClassName iface = ClassName.get(model.element());
    TypeSpec.Builder impl =
        TypeSpec.classBuilder(model.implName())
            .addOriginatingElement(model.element())
            .addJavadoc("The {@link $T} that Quarry generated: each method asks the model.\n", iface)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(TypeName.get(model.element().asType()));
    if (elements.getTypeElement(GENERATED.canonicalName()) != null) {
      impl.addAnnotation(
          AnnotationSpec.builder(GENERATED)
              .addMember("value", "$S", QuarryProcessor.class.getCanonicalName())
              .build());
    }
    boolean injectable = componentModel == ComponentModel.JAKARTA;
    if (injectable) {
      impl.addAnnotation(SINGLETON);
    }
    ReaderGenerator readers = new ReaderGenerator(elements, types, model.types());
    for (MethodModel method : model.methods()) {
      addConstants(impl, iface, model, method, readers);
    }
    impl.addField(QUARRY, "quarry", Modifier.PRIVATE, Modifier.FINAL);
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    if (injectable) {
      constructor.addAnnotation(INJECT);
    }
    impl.addMethod(
        constructor
            .addModifiers(Modifier.PUBLIC)
            .addParameter(QUARRY, "quarry")
            .addStatement("this.quarry = $T.requireNonNull(quarry, $S)", OBJECTS, "quarry == null")
            .build());
    for (MethodModel method : model.methods()) {
      impl.addMethod(implementation(model, method));
    }
    TypeSpec readerClass = readers.build();
    if (readerClass != null) {
      impl.addType(readerClass);
    }
    return JavaFile.builder(iface.packageName(), impl.build()).skipJavaLangImports(true).build();
  }

  private void addConstants(
      TypeSpec.Builder impl,
      ClassName iface,
      InterfaceModel model,
      MethodModel method,
      ReaderGenerator readers) {
    // One constant per distinct schema: methods with the same result type share it.
    String schemaName = schemaConstants.get(method.schema());
    if (schemaName == null) {
      schemaName = method.constantName() + "_SCHEMA";
      schemaConstants.put(method.schema(), schemaName);
      impl.addField(
          FieldSpec.builder(
                  String.class, schemaName, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  CodeBlock.builder()
                      .add("JSON schema of the answer of ")
                      .add(methodLink(iface, method))
                      .add(".\n")
                      .build())
              .initializer("$S", method.schema())
              .build());
    }
    String strictName = null;
    if (method.strictSchema() != null) {
      strictName = strictConstants.get(method.strictSchema());
      if (strictName == null) {
        strictName = method.constantName() + "_STRICT_SCHEMA";
        strictConstants.put(method.strictSchema(), strictName);
        FieldSpec.Builder strict =
            FieldSpec.builder(
                String.class, strictName, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL);
        if (method.strictSchema().equals(method.schema())) {
          strict
              .addJavadoc(
                  "{@link #$L}, which OpenAI's strict dialect accepts as it is.\n", schemaName)
              .initializer("$L", schemaName);
        } else {
          strict
              .addJavadoc("{@link #$L} in OpenAI's strict dialect.\n", schemaName)
              .initializer("$S", method.strictSchema());
        }
        impl.addField(strict.build());
      }
    }
    CodeBlock.Builder init =
        CodeBlock.builder()
            .add(
                "$T.builder($T.class, $S, new $T<$T>() {})$>$>",
                EXTRACT_METHOD,
                iface,
                method.name(),
                TYPE_REFERENCE,
                method.resultType());
    init.add("\n.toolName($S)", method.name());
    if (method.description() != null) {
      init.add("\n.description($S)", method.description());
    }
    if (!model.system().isEmpty()) {
      init.add("\n.system($S)", model.system());
    }
    init.add("\n.schema($L)", schemaName);
    if (method.strictSchema() != null) {
      init.add("\n.strictSchema($L)", strictName);
    }
    if (method.wrapped()) {
      init.add("\n.wrapperProperty($S)", SchemaWriter.WRAPPER);
    }
    if (method.model() != null) {
      init.add("\n.model($S)", method.model());
    }
    if (!method.mode().equals("AUTO")) {
      init.add("\n.mode($T.$L)", MODE, method.mode());
    }
    if (method.maxAttempts() > 0) {
      init.add("\n.maxAttempts($L)", method.maxAttempts());
    }
    if (method.maxRetries() >= 0) {
      init.add("\n.maxRetries($L)", method.maxRetries());
    }
    for (UnionType union : method.unions()) {
      init.add("\n.union($T.class, $S, ", union.className(), UnionType.TAG);
      init.add(variants(union, model.types()));
      init.add(")");
    }
    for (String labels : CallInputs.labelSets(method.element())) {
      init.add("\n.labels($S)", labels);
    }
    String reader = readers.rootReader(method);
    if (reader != null) {
      init.add("\n.reader($L)", reader);
    }
    if (!readers.javaChecks(method)) {
      init.add("\n.javaChecks(false)");
    }
    init.add("\n.build()$<$<");
    impl.addField(
        FieldSpec.builder(
                ParameterizedTypeName.get(EXTRACT_METHOD, method.resultType()),
                method.constantName(),
                Modifier.STATIC,
                Modifier.FINAL)
            .initializer(init.build())
            .build());
  }

  private static CodeBlock variants(UnionType union, Map<String, NamedType> types) {
    List<String> variants = union.variants();
    boolean fewEntries = variants.size() <= 10;
    CodeBlock.Builder map = CodeBlock.builder().add(fewEntries ? "$T.of(" : "$T.ofEntries(", MAP);
    for (int i = 0; i < variants.size(); i++) {
      ClassName variant = ((ObjectType) types.get(variants.get(i))).className();
      if (i > 0) {
        map.add(", ");
      }
      if (fewEntries) {
        map.add("$S, $T.class", variant.simpleName(), variant);
      } else {
        map.add("$T.entry($S, $T.class)", MAP, variant.simpleName(), variant);
      }
    }
    return map.add(")").build();
  }

  private CodeBlock methodLink(ClassName iface, MethodModel method) {
    CodeBlock.Builder link = CodeBlock.builder().add("{@link $T#$L(", iface, method.name());
    List<? extends VariableElement> parameters = method.element().getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      link.add(i == 0 ? "$T" : ", $T", TypeName.get(types.erasure(parameters.get(i).asType())));
    }
    return link.add(")}").build();
  }

  private MethodSpec implementation(InterfaceModel model, MethodModel method) {
    MethodSpec.Builder builder =
        MethodSpec.overriding(
            method.element(), (DeclaredType) model.element().asType(), types);
    Set<String> parameters =
        method.element().getParameters().stream()
            .map(p -> p.getSimpleName().toString())
            .collect(Collectors.toSet());
    for (String parameter : method.nonNullParameters()) {
      builder.addStatement("$T.requireNonNull($N, $S)", OBJECTS, parameter, parameter + " == null");
    }
    CodeBlock.Builder arguments =
        CodeBlock.builder()
            .add("$L, $L",
                CallInputs.methodArgument(method.constantName(), method.element(), elements, types),
                userMessage(method.message().text()));
    CodeBlock attached = attachments(builder, method.message().attachments(), parameters);
    if (attached != null) {
      arguments.add(", $L", attached);
    }
    CodeBlock quoted = sources(method);
    if (quoted != null) {
      if (attached == null) {
        arguments.add(", $T.of()", LIST);
      }
      arguments.add(", $L", quoted);
    }
    CodeBlock call =
        CodeBlock.of(
            "$L.$L($L)",
            parameters.contains("quarry") ? "this.quarry" : "quarry",
            method.async()
                ? "extractAsync"
                : StreamingBodies.streams(method.returns()) ? "extractStreaming" : "extract",
            arguments.build());
    switch (method.returns()) {
      default:
        builder.addStatement("return $L", StreamingBodies.body(method, call));
        break;
      case VALUE:
        if (method.async()) {
          builder.addStatement("return $L.thenApply($T::value)", call, EXTRACTION);
        } else {
          builder.addStatement("return $L.value()", call);
        }
        break;
      case OPTIONAL:
        if (method.async()) {
          builder.addStatement("return $L.thenApply($T::optionalValue)", call, EXTRACTION);
        } else {
          builder.addStatement("return $T.ofNullable($L.value())", OPTIONAL, call);
        }
        break;
      case EXTRACTION:
        builder.addStatement("return $L", call);
        break;
    }
    return builder.build();
  }

  /**
   * The argument that passes the parameters the result {@code @Quote}s, by name ({@code
   * Map.of("text", text)}), {@code null} when it quotes none.
   */
  private CodeBlock sources(MethodModel method) {
    List<String> sources = QuoteChecker.sources(types, method);
    if (sources.isEmpty()) {
      return null;
    }
    CodeBlock.Builder map = CodeBlock.builder().add("$T.of(", MAP);
    for (int i = 0; i < sources.size(); i++) {
      map.add(i == 0 ? "$S, $N" : ", $S, $N", sources.get(i), sources.get(i));
    }
    return map.add(")").build();
  }

  /**
   * The argument that passes the attachment parameters, {@code null} when there are none: one
   * list as it is, single images and documents in {@code List.of}, a mix gathered in a local list
   * declared on {@code builder}. The parameters are already checked for null.
   */
  private static CodeBlock attachments(
      MethodSpec.Builder builder, List<Attachment> attachments, Set<String> parameters) {
    if (attachments.isEmpty()) {
      return null;
    }
    if (attachments.size() == 1 && attachments.get(0).many()) {
      return CodeBlock.of("$N", attachments.get(0).parameter());
    }
    if (attachments.stream().noneMatch(Attachment::many)) {
      return CodeBlock.of(
          "$T.of($L)",
          LIST,
          attachments.stream().map(Attachment::parameter).collect(Collectors.joining(", ")));
    }
    String list = "attachments";
    for (int i = 2; parameters.contains(list); i++) {
      list = "attachments" + i;
    }
    builder.addStatement("$T<$T> $N = new $T<>()", LIST, PART, list, ARRAY_LIST);
    for (Attachment attachment : attachments) {
      builder.addStatement(
          "$N.$N($N)", list, attachment.many() ? "addAll" : "add", attachment.parameter());
    }
    return CodeBlock.of("$N", list);
  }

  private static CodeBlock userMessage(List<PromptPart> parts) {
    if (parts.isEmpty()) {
      return CodeBlock.of("$S", "");
    }
    CodeBlock.Builder message = CodeBlock.builder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        message.add(" + ");
      }
      PromptPart part = parts.get(i);
      if (part instanceof Literal) {
        message.add("$S", ((Literal) part).text());
      } else {
        Placeholder placeholder = (Placeholder) part;
        StringBuilder expression = new StringBuilder(placeholder.parameter());
        for (String accessor : placeholder.accessors()) {
          expression.append('.').append(accessor).append("()");
        }
        message.add("$T.text($L)", RENDER, expression);
      }
    }
    return message.build();
  }
}
