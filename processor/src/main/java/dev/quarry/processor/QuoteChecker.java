package dev.quarry.processor;

import dev.quarry.processor.MethodModel.Returns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks the {@code @Quote} components a method's result can hold against the method: the named
 * parameter exists, is text and is not {@code @Nullable}; the component is a {@code String} or
 * a {@code List<String>}; the result is not streamed. {@link #sources} gives the generator the
 * parameters to pass as the call's sources.
 */
final class QuoteChecker {
  static final String QUOTE = "dev.quarry.Quote";
  /** The returns read whole: quotes are checked on these only. */
  private static final Set<Returns> WHOLE = Set.of(Returns.VALUE, Returns.OPTIONAL, Returns.EXTRACTION);

  private final Elements elements;
  private final Types types;
  private final Report report;
  /** Components already reported for their type, so a record used twice is reported once. */
  private final Set<String> reportedComponents = new HashSet<>();

  QuoteChecker(Elements elements, Types types, Report report) {
    this.elements = elements;
    this.types = types;
    this.report = report;
  }

  /** Reports every misuse of {@code @Quote} reachable from {@code method}'s result. */
  void check(MethodModel method, String methodName) {
    Map<RecordComponentElement, String> quotes = quotes(types, method.valueType());
    if (quotes.isEmpty()) {
      return;
    }
    Map<String, VariableElement> parameters = new LinkedHashMap<>();
    for (VariableElement parameter : method.element().getParameters()) {
      parameters.put(parameter.getSimpleName().toString(), parameter);
    }
    TypeMirror charSequence = elements.getTypeElement("java.lang.CharSequence").asType();
    boolean streamed = !WHOLE.contains(method.returns());
    for (Map.Entry<RecordComponentElement, String> quote : quotes.entrySet()) {
      RecordComponentElement component = quote.getKey();
      String where = component.getEnclosingElement().getSimpleName() + "." + component.getSimpleName();
      if (!isText(component.asType()) && reportedComponents.add(where)) {
        report.error(Messages.quoteComponentType(where, TypeReader.display(component.asType())),
            site(component));
      }
      String source = quote.getValue();
      VariableElement parameter = parameters.get(source);
      if (streamed) {
        report.error(Messages.quoteStreamed(methodName, where), method.element());
      } else if (parameter == null) {
        report.error(Messages.quoteUnknownSource(methodName, where, source,
            parameters.isEmpty() ? "none" : String.join(", ", parameters.keySet())), method.element());
      } else if (!types.isAssignable(parameter.asType(), charSequence)) {
        report.error(Messages.quoteSourceNotText(methodName, where, source,
            TypeReader.display(parameter.asType())), parameter);
      } else if (Annotations.isNullable(parameter)) {
        report.error(Messages.quoteSourceNullable(methodName, source), parameter);
      }
    }
  }

  /** The parameters quoted by {@code method}'s result, in parameter order. */
  static List<String> sources(Types types, MethodModel method) {
    Set<String> quoted = new HashSet<>(quotes(types, method.valueType()).values());
    List<String> sources = new ArrayList<>();
    for (VariableElement parameter : method.element().getParameters()) {
      if (quoted.contains(parameter.getSimpleName().toString())) {
        sources.add(parameter.getSimpleName().toString());
      }
    }
    return sources;
  }

  /** Every {@code @Quote} record component reachable from {@code type}, with its source's name. */
  private static Map<RecordComponentElement, String> quotes(Types types, TypeMirror type) {
    Map<RecordComponentElement, String> found = new LinkedHashMap<>();
    collect(types, type, found, new HashSet<>());
    return found;
  }

  private static void collect(
      Types types, TypeMirror type, Map<RecordComponentElement, String> found, Set<String> seen) {
    if (type.getKind() == TypeKind.ARRAY) {
      collect(types, ((ArrayType) type).getComponentType(), found, seen);
      return;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return;
    }
    DeclaredType declared = (DeclaredType) type;
    for (TypeMirror argument : declared.getTypeArguments()) {
      collect(types, argument, found, seen);
    }
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    if (name.startsWith("java.") || !seen.add(name)) {
      return;
    }
    for (TypeMirror permitted : element.getPermittedSubclasses()) {
      collect(types, permitted, found, seen);
    }
    if (element.getKind() != ElementKind.RECORD) {
      return;
    }
    for (RecordComponentElement component : element.getRecordComponents()) {
      AnnotationMirror quote = Annotations.find(component, QUOTE);
      if (quote != null) {
        found.put(component, String.valueOf(
            quote.getElementValues().values().iterator().next().getValue()));
      } else {
        collect(types, component.asType(), found, seen);
      }
    }
  }

  /**
   * Where to report on a component: javac has no source position for a record component
   * element, but has one for its field, declared at the same place.
   */
  private static Element site(RecordComponentElement component) {
    for (VariableElement field : ElementFilter.fieldsIn(component.getEnclosingElement().getEnclosedElements())) {
      if (field.getSimpleName().equals(component.getSimpleName())) {
        return field;
      }
    }
    return component;
  }

  /** {@code String}, or a {@code List}/{@code Optional} of it. */
  private static boolean isText(TypeMirror type) {
    if (TypeReader.isDeclared(type, "java.lang.String")) {
      return true;
    }
    if ((TypeReader.isDeclared(type, "java.util.List") || TypeReader.isDeclared(type, "java.util.Optional"))
        && ((DeclaredType) type).getTypeArguments().size() == 1) {
      return TypeReader.isDeclared(((DeclaredType) type).getTypeArguments().get(0), "java.lang.String");
    }
    return false;
  }

}
