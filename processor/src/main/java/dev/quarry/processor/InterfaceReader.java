package dev.quarry.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.quarry.processor.MethodModel.Returns;
import dev.quarry.processor.MethodModel.UserMessage;
import dev.quarry.processor.NamedType.ObjectType;
import dev.quarry.processor.NamedType.UnionType;
import dev.quarry.processor.SchemaWriter.Dialect;
import dev.quarry.processor.SchemaWriter.StrictLimits;
import dev.quarry.processor.TypeUse.Named;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads and checks one {@code @LlmExtract} interface into an {@link InterfaceModel}, reporting
 * every problem found rather than stopping at the first.
 */
final class InterfaceReader {
  static final String LLM_EXTRACT = "dev.quarry.LlmExtract";
  static final String PROMPT = "dev.quarry.Prompt";
  static final String EXTRACTION = "dev.quarry.Extraction";
  static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
  static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

  private final Elements elements;
  private final Types types;
  private final Report report;
  private final Descriptions descriptions;
  private TypeReader typeReader;
  private StreamingReturn streaming;

  InterfaceReader(Elements elements, Types types, Report report) {
    this.elements = elements;
    this.types = types;
    this.report = report;
    this.descriptions = new Descriptions(elements);
  }

  /** Whether the interface refers to a type that does not exist (yet). */
  boolean unresolved() {
    return typeReader != null && (typeReader.unresolved() || streaming.pending());
  }

  /** The objects whose partial types must be generated before this interface can be read. */
  java.util.Collection<ObjectType> partialsToGenerate() {
    return streaming == null ? List.of() : streaming.partialsToGenerate();
  }

  /** The model of {@code element}, or {@code null} when it has errors (reported). */
  InterfaceModel read(TypeElement element) {
    AnnotationMirror llmExtract = Annotations.find(element, LLM_EXTRACT);
    String name = element.getQualifiedName().toString();
    if (element.getKind() != ElementKind.INTERFACE) {
      report.error(Messages.notAnInterface(name, kindName(element)), element, llmExtract);
      return null;
    }
    if (!element.getTypeParameters().isEmpty()) {
      String parameters =
          element.getTypeParameters().stream()
              .map(Element::getSimpleName)
              .collect(Collectors.joining(", "));
      report.error(Messages.genericInterface(name, parameters), element);
      return null;
    }
    for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(Messages.privateInterface(name), element);
        return null;
      }
    }
    typeReader = new TypeReader(elements, types, report);
    streaming = new StreamingReturn(elements, types, report, typeReader);
    PromptReader promptReader = new PromptReader(elements, types, report);
    QuoteChecker quotes = new QuoteChecker(elements, types, report);
    DeclaredType interfaceType = (DeclaredType) element.asType();
    String system = stringValue(llmExtract, "system");
    String model = stringValue(llmExtract, "model");
    String mode = enumValue(llmExtract, "mode");
    int maxAttempts = intValue(llmExtract, "maxAttempts");
    int maxRetries = maxRetries(element, llmExtract, "@LlmExtract of " + name);

    List<MethodModel> methods = new ArrayList<>();
    Map<String, ExecutableElement> constants = new HashMap<>();
    for (ExecutableElement method : ElementFilter.methodsIn(element.getEnclosedElements())) {
      if (method.isDefault() && Annotations.find(method, PROMPT) != null) {
        report.error(
            Messages.defaultPrompt(element.getSimpleName() + "." + signature(method)),
            method,
            Annotations.find(method, PROMPT));
      }
    }
    for (ExecutableElement method : abstractMethods(element)) {
      String methodName = element.getSimpleName() + "." + signature(method);
      AnnotationMirror prompt = Annotations.find(method, PROMPT);
      if (prompt == null) {
        report.error(
            Messages.missingPrompt(element.getSimpleName().toString(), signature(method)), method);
        continue;
      }
      int promptMaxRetries = maxRetries(method, prompt, "@Prompt of " + methodName);
      String constant = constantName(method.getSimpleName().toString());
      ExecutableElement clash = null;
      for (String reserved :
          List.of(constant, constant + "_SCHEMA", constant + "_STRICT_SCHEMA")) {
        ExecutableElement other = constants.putIfAbsent(reserved, method);
        if (other != null && clash == null) {
          clash = other;
        }
      }
      if (clash != null) {
        report.error(
            Messages.nameClash(
                signature(method), signature(clash), constant, rename(method, clash, constants)),
            method);
        continue;
      }
      if (!method.getTypeParameters().isEmpty()) {
        String parameters =
            method.getTypeParameters().stream()
                .map(Element::getSimpleName)
                .collect(Collectors.joining(", "));
        report.error(Messages.genericMethod(methodName, parameters), method);
        continue;
      }
      ExecutableType methodType = (ExecutableType) types.asMemberOf(interfaceType, method);
      UserMessage message =
          promptReader.read(
              method,
              methodType.getParameterTypes(),
              prompt,
              Annotations.value(elements, prompt, "value"),
              methodName);
      MethodModel methodModel =
          method(method, methodName, constant, methodType.getReturnType(),
              methodType.getParameterTypes(), prompt, message,
              model, mode, maxAttempts, promptMaxRetries != -1 ? promptMaxRetries : maxRetries);
      if (methodModel != null && message != null) {
        quotes.check(methodModel, methodName);
        methods.add(methodModel);
      }
    }
    if (report.hasErrors() || unresolved()) {
      return null;
    }
    return new InterfaceModel(
        element, implName(element), system, List.copyOf(methods), typeReader.registry());
  }

  private MethodModel method(
      ExecutableElement method,
      String methodName,
      String constant,
      TypeMirror returnType,
      List<? extends TypeMirror> parameterTypes,
      AnnotationMirror prompt,
      UserMessage message,
      String model,
      String interfaceMode,
      int interfaceMaxAttempts,
      int maxRetries) {
    if (returnType.getKind() == TypeKind.VOID) {
      report.error(Messages.voidReturn(methodName), method);
      return null;
    }
    boolean async = false;
    TypeMirror completesWith = returnType;
    if (TypeReader.isDeclared(returnType, COMPLETABLE_FUTURE)
        || TypeReader.isDeclared(returnType, COMPLETION_STAGE)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) returnType).getTypeArguments();
      if (arguments.isEmpty()) {
        report.error(Messages.rawType(TypeReader.display(returnType)), method);
        return null;
      }
      async = true;
      completesWith = arguments.get(0);
      if (TypeReader.isDeclared(completesWith, "java.lang.Void")) {
        report.error(Messages.futureOfVoid(methodName, TypeReader.display(returnType)), method);
        return null;
      }
    } else if (isFuture(returnType)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) returnType).getTypeArguments();
      report.error(
          Messages.unsupportedFuture(
              methodName,
              TypeReader.display(returnType),
              arguments.size() == 1 ? TypeReader.display(arguments.get(0)) : "T"),
          method);
      return null;
    }
    Returns returns = Returns.VALUE;
    TypeMirror valueType = completesWith;
    StreamingReturn.Result stream = async ? null : streaming.read(returnType, method, methodName);
    if (stream == StreamingReturn.SKIP) {
      return null;
    } else if (stream != null) {
      returns = stream.returns();
      valueType = stream.valueType();
    } else if (TypeReader.isDeclared(completesWith, EXTRACTION)
        || TypeReader.isOptional(completesWith)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) completesWith).getTypeArguments();
      if (arguments.isEmpty()) {
        report.error(Messages.rawType(TypeReader.display(completesWith)), method);
        return null;
      }
      valueType = arguments.get(0);
      returns = TypeReader.isOptional(completesWith) ? Returns.OPTIONAL : Returns.EXTRACTION;
      if (returns == Returns.EXTRACTION && TypeReader.isOptional(valueType)) {
        List<? extends TypeMirror> inner = ((DeclaredType) valueType).getTypeArguments();
        report.error(
            Messages.extractionOfOptional(
                methodName,
                TypeReader.display(returnType),
                inner.isEmpty() ? "T" : TypeReader.display(inner.get(0))),
            method);
        return null;
      }
    }
    if (isFuture(valueType)) {
      report.error(
          Messages.nestedFuture(
              methodName, TypeReader.display(returnType), TypeReader.display(innermost(valueType))),
          method);
      return null;
    }
    TypeUse result = typeReader.read(valueType, method, List.of());
    if (result == null || message == null) {
      return null;
    }
    Map<String, NamedType> registry = typeReader.registry();
    boolean wrapped =
        returns == Returns.OPTIONAL
            || !(result instanceof Named && registry.get(((Named) result).key()) instanceof ObjectType);
    boolean nullable = returns == Returns.OPTIONAL;
    String schema =
        SchemaWriter.write(registry, result, wrapped, nullable, Dialect.STANDARD).schema().toJson();
    SchemaWriter.Result strict =
        SchemaWriter.write(registry, result, wrapped, nullable, Dialect.OPENAI_STRICT);
    String strictSchema = null;
    if (strict.inexpressible() != null) {
      report.note(Messages.notStrict(methodName, strict.inexpressible()), method);
    } else {
      List<StrictLimits.Violation> violations = StrictLimits.check(strict.schema());
      for (StrictLimits.Violation violation : violations) {
        report.error(Messages.strictLimit(methodName, violation.limit(), violation.found()), method);
      }
      if (!violations.isEmpty()) {
        return null;
      }
      strictSchema = strict.schema().toJson();
    }
    if (!CallInputs.checkLabels(method, methodName, schema, report)) {
      return null;
    }
    List<UnionType> unions = new ArrayList<>();
    for (String key : SchemaWriter.unions(registry, result)) {
      unions.add((UnionType) registry.get(key));
    }
    String promptMode = enumValue(prompt, "mode");
    if (!ParallelToolsRule.check(method, methodName, returnType, returns, result, registry,
        promptMode.equals("AUTO") ? interfaceMode : promptMode, prompt, report)) {
      return null;
    }
    int promptMaxAttempts = intValue(prompt, "maxAttempts");
    return new MethodModel(
        method,
        method.getSimpleName().toString(),
        constant,
        TypeName.get(valueType).box(),
        wrapped,
        returns,
        async,
        descriptions.of(method),
        model.isEmpty() ? null : model,
        promptMode.equals("AUTO") ? interfaceMode : promptMode,
        promptMaxAttempts > 0 ? promptMaxAttempts : interfaceMaxAttempts,
        maxRetries,
        schema,
        strictSchema,
        List.copyOf(unions),
        message,
        nonNullParameters(method, parameterTypes),
        result,
        valueType,
        nullable);
  }

  /** Whether {@code type} is a {@code Future} or {@code CompletionStage}, or a subtype of one. */
  private boolean isFuture(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeMirror erased = types.erasure(type);
    for (String future : List.of("java.util.concurrent.Future", COMPLETION_STAGE)) {
      TypeElement element = elements.getTypeElement(future);
      if (element != null && types.isAssignable(erased, types.erasure(element.asType()))) {
        return true;
      }
    }
    return false;
  }

  /** {@code Person} for {@code CompletableFuture<Optional<Person>>}: inside futures and wrappers. */
  private TypeMirror innermost(TypeMirror type) {
    while ((isFuture(type)
            || TypeReader.isOptional(type)
            || TypeReader.isDeclared(type, EXTRACTION))
        && ((DeclaredType) type).getTypeArguments().size() == 1) {
      type = ((DeclaredType) type).getTypeArguments().get(0);
    }
    return type;
  }

  /** The parameters the generated method checks for null: reference types not {@code @Nullable}. */
  private static List<String> nonNullParameters(
      ExecutableElement method, List<? extends TypeMirror> parameterTypes) {
    List<String> names = new ArrayList<>();
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement parameter = parameters.get(i);
      if (!parameterTypes.get(i).getKind().isPrimitive() && !Annotations.isNullable(parameter)) {
        names.add(parameter.getSimpleName().toString());
      }
    }
    return List.copyOf(names);
  }

  /**
   * The abstract methods to implement: those declared here in source order, then inherited
   * ones in the order of the superinterfaces.
   */
  private List<ExecutableElement> abstractMethods(TypeElement element) {
    Set<ExecutableElement> all = new LinkedHashSet<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (method.getModifiers().contains(Modifier.ABSTRACT)
          && method.getEnclosingElement().getKind() == ElementKind.INTERFACE) {
        all.add(method);
      }
    }
    List<ExecutableElement> ordered = new ArrayList<>();
    collect(element, all, ordered, new LinkedHashSet<>());
    return ordered;
  }

  private void collect(
      TypeElement type,
      Set<ExecutableElement> abstractMethods,
      List<ExecutableElement> ordered,
      Set<TypeElement> visited) {
    if (!visited.add(type)) {
      return;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (abstractMethods.contains(method) && !ordered.contains(method)) {
        ordered.add(method);
      }
    }
    for (TypeMirror superinterface : type.getInterfaces()) {
      if (superinterface.getKind() == TypeKind.DECLARED) {
        collect(
            (TypeElement) ((DeclaredType) superinterface).asElement(),
            abstractMethods,
            ordered,
            visited);
      }
    }
  }

  /**
   * For an overload, its name followed by what it reads, e.g. {@code readImage} for {@code
   * read(Image photo)} or {@code readLines} for {@code read(List<String> lines)}, when that name
   * is free; otherwise {@code null}.
   */
  private static String rename(
      ExecutableElement method, ExecutableElement clash, Map<String, ExecutableElement> constants) {
    if (!method.getSimpleName().contentEquals(clash.getSimpleName())
        || method.getParameters().isEmpty()) {
      return null;
    }
    VariableElement first = method.getParameters().get(0);
    TypeMirror type = first.asType();
    String what =
        type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).getTypeArguments().isEmpty()
            ? ((DeclaredType) type).asElement().getSimpleName().toString()
            : first.getSimpleName().toString();
    String rename =
        method.getSimpleName() + (Character.toUpperCase(what.charAt(0)) + what.substring(1));
    return constants.containsKey(constantName(rename)) ? null : rename;
  }

  static ClassName implName(TypeElement element) {
    ClassName name = ClassName.get(element);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "Impl");
  }

  /** {@code readWithDetails} becomes {@code READ_WITH_DETAILS}. */
  static String constantName(String methodName) {
    return methodName
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replaceAll("([A-Z])([A-Z][a-z])", "$1_$2")
        .toUpperCase(java.util.Locale.ROOT);
  }

  static String signature(ExecutableElement method) {
    return method.getSimpleName()
        + method.getParameters().stream()
            .map(VariableElement::asType)
            .map(TypeReader::display)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String kindName(TypeElement element) {
    switch (element.getKind()) {
      case CLASS:
        return "a class";
      case ENUM:
        return "an enum";
      case RECORD:
        return "a record";
      case ANNOTATION_TYPE:
        return "an annotation type";
      default:
        return element.getKind().toString().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The {@code maxRetries} of {@code annotation} on {@code element}: -1 to keep the enclosing
   * setting, 0 or more to set it; a value below -1 is reported and read as -1.
   */
  private int maxRetries(Element element, AnnotationMirror annotation, String where) {
    AnnotationValue value = Annotations.value(elements, annotation, "maxRetries");
    int retries = (Integer) value.getValue();
    if (retries < -1) {
      report.error(Messages.negativeMaxRetries(where, retries), element, annotation, value);
      return -1;
    }
    return retries;
  }

  private String stringValue(AnnotationMirror mirror, String name) {
    return (String) Annotations.value(elements, mirror, name).getValue();
  }

  private int intValue(AnnotationMirror mirror, String name) {
    return (Integer) Annotations.value(elements, mirror, name).getValue();
  }

  private String enumValue(AnnotationMirror mirror, String name) {
    AnnotationValue value = Annotations.value(elements, mirror, name);
    return ((VariableElement) value.getValue()).getSimpleName().toString();
  }
}
