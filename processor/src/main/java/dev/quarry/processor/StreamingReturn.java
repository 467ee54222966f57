package dev.quarry.processor;

import com.palantir.javapoet.ClassName;
import dev.quarry.processor.MethodModel.Returns;
import dev.quarry.processor.NamedType.ObjectType;
import dev.quarry.processor.NamedType.UnionType;
import dev.quarry.processor.TypeUse.ArrayOf;
import dev.quarry.processor.TypeUse.MapOf;
import dev.quarry.processor.TypeUse.Named;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads streaming return types: {@code Stream<E>}, {@code Iterator<E>} and {@code
 * Flow.Publisher<E>} stream the elements of a {@code List<E>} answer; the same with {@code
 * <Record>Partial} (a type this processor generates) stream partial snapshots of a {@code Record}
 * answer; {@code StreamingExtraction<T>} hands over the whole event stream.
 *
 * <p>A {@code <Record>Partial} named in a return type does not exist in the first round: the
 * return type then holds an error type of that name. When {@code Record} is found (in the
 * interface's package, or in the package the name is qualified with), the reader checks it, asks
 * for the partial types to be generated ({@link #partialsToGenerate()}) and the interface is read
 * again in the next round, when the partial types exist.
 */
final class StreamingReturn {
  static final String STREAM = "java.util.stream.Stream";
  static final String ITERATOR = "java.util.Iterator";
  static final String PUBLISHER = "java.util.concurrent.Flow.Publisher";
  static final String STREAMING_EXTRACTION = "dev.quarry.StreamingExtraction";
  static final String SUFFIX = "Partial";
  private static final String JSON_NODE = "tools.jackson.databind.JsonNode";

  /** How a streaming method returns, and the type its answer binds to. */
  record Result(Returns returns, TypeMirror valueType) {}

  /** The return type is wrong (reported) or waits for partial types: skip the method. */
  static final Result SKIP = new Result(null, null);

  private final Elements elements;
  private final Types types;
  private final Report report;
  private final TypeReader typeReader;
  private final Map<String, ObjectType> partialsToGenerate = new LinkedHashMap<>();

  StreamingReturn(Elements elements, Types types, Report report, TypeReader typeReader) {
    this.elements = elements;
    this.types = types;
    this.report = report;
    this.typeReader = typeReader;
  }

  /**
   * The records and classes whose partial types must be generated before the interface can be
   * read: every object reachable from a record named by a missing partial type.
   */
  Collection<ObjectType> partialsToGenerate() {
    return partialsToGenerate.values();
  }

  /** Whether the interface waits for partial types to be generated. */
  boolean pending() {
    return !partialsToGenerate.isEmpty();
  }

  static boolean isStreaming(TypeMirror type) {
    return TypeReader.isDeclared(type, STREAM)
        || TypeReader.isDeclared(type, ITERATOR)
        || TypeReader.isDeclared(type, PUBLISHER)
        || TypeReader.isDeclared(type, STREAMING_EXTRACTION);
  }

  /**
   * What {@code returnType} says, {@code null} when it is not streaming (nor a container of a
   * streaming type), {@link #SKIP} when it is wrong (reported) or waits for the next round.
   */
  Result read(TypeMirror returnType, ExecutableElement method, String methodName) {
    String found = TypeReader.display(returnType);
    if (TypeReader.isOptional(returnType)
        || TypeReader.isDeclared(returnType, InterfaceReader.EXTRACTION)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) returnType).getTypeArguments();
      if (!arguments.isEmpty() && isStreaming(arguments.get(0))) {
        report.error(Messages.streamingInside(methodName, found), method);
        return SKIP;
      }
      return null;
    }
    if (!isStreaming(returnType)) {
      return null;
    }
    List<? extends TypeMirror> arguments = ((DeclaredType) returnType).getTypeArguments();
    if (arguments.isEmpty()) {
      report.error(Messages.rawStreaming(methodName, found), method);
      return SKIP;
    }
    TypeMirror element = arguments.get(0);
    if (element.getKind() == TypeKind.WILDCARD) {
      report.error(Messages.streamingWildcard(methodName, found), method);
      return SKIP;
    }
    if (TypeReader.isOptional(element)
        || TypeReader.isDeclared(element, InterfaceReader.EXTRACTION)
        || isStreaming(element)) {
      report.error(
          Messages.streamingElement(methodName, found, TypeReader.display(element)), method);
      return SKIP;
    }
    if (TypeReader.isDeclared(returnType, STREAMING_EXTRACTION)) {
      return new Result(Returns.STREAMING_EXTRACTION, element);
    }
    boolean stream = TypeReader.isDeclared(returnType, STREAM);
    boolean iterator = TypeReader.isDeclared(returnType, ITERATOR);
    if (element.getKind() == TypeKind.ERROR) {
      TypeElement record = recordOfMissingPartial(element, method);
      if (record == null) {
        return null; // an unresolved type like any other: the type reader defers the interface
      }
      checkPartials(record, method, methodName);
      return SKIP;
    }
    TypeElement record = recordOfPartial(element);
    if (record != null) {
      Returns returns =
          stream
              ? Returns.STREAM_OF_PARTIALS
              : iterator ? Returns.ITERATOR_OF_PARTIALS : Returns.PUBLISHER_OF_PARTIALS;
      return new Result(returns, record.asType());
    }
    TypeElement list = elements.getTypeElement("java.util.List");
    Returns returns = stream ? Returns.STREAM : iterator ? Returns.ITERATOR : Returns.PUBLISHER;
    return new Result(returns, types.getDeclaredType(list, element));
  }

  /** The partial type of {@code type}: its simple names joined with _, then {@code Partial}. */
  static ClassName partialName(ClassName type) {
    return ClassName.get(type.packageName(), String.join("_", type.simpleNames()) + SUFFIX);
  }

  /** The record an error type named {@code <Record>Partial} stands for, or {@code null}. */
  private TypeElement recordOfMissingPartial(TypeMirror error, ExecutableElement method) {
    String written = error.toString();
    int dot = written.lastIndexOf('.');
    String simple = written.substring(dot + 1);
    String packageName;
    if (dot >= 0) {
      packageName = written.substring(0, dot);
    } else {
      PackageElement pkg = elements.getPackageOf(method);
      packageName = pkg.getQualifiedName().toString();
    }
    return record(packageName, simple);
  }

  /** The record {@code type} is the generated partial type of, or {@code null}. */
  private TypeElement recordOfPartial(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement partial = (TypeElement) ((DeclaredType) type).asElement();
    if (partial.getKind() != ElementKind.RECORD
        || partial.getNestingKind().isNested()
        || !hasBinder(partial)) {
      return null;
    }
    String packageName = elements.getPackageOf(partial).getQualifiedName().toString();
    TypeElement record = record(packageName, partial.getSimpleName().toString());
    return record != null && partialName(ClassName.get(record)).equals(ClassName.get(partial))
        ? record
        : null;
  }

  /** {@code public static P of(JsonNode)}: the mark of a generated partial type. */
  static boolean hasBinder(TypeElement partial) {
    for (ExecutableElement method : ElementFilter.methodsIn(partial.getEnclosedElements())) {
      if (method.getSimpleName().contentEquals("of")
          && method.getModifiers().contains(Modifier.STATIC)
          && method.getParameters().size() == 1
          && TypeReader.isDeclared(method.getParameters().get(0).asType(), JSON_NODE)) {
        return true;
      }
    }
    return false;
  }

  /** The record or class named {@code simple} without the suffix, {@code _} for nesting. */
  private TypeElement record(String packageName, String simple) {
    if (!simple.endsWith(SUFFIX) || simple.length() == SUFFIX.length()) {
      return null;
    }
    String base = simple.substring(0, simple.length() - SUFFIX.length());
    String prefix = packageName.isEmpty() ? "" : packageName + ".";
    for (String candidate : List.of(base, base.replace('_', '.'))) {
      TypeElement type = elements.getTypeElement(prefix + candidate);
      if (type != null
          && (type.getKind() == ElementKind.RECORD || type.getKind() == ElementKind.CLASS)
          && partialName(ClassName.get(type)).simpleName().equals(simple)) {
        return type;
      }
    }
    return null;
  }

  /**
   * Reads {@code record} like a result and checks that partial types can be generated for every
   * object it reaches; reports what cannot.
   */
  private void checkPartials(TypeElement record, ExecutableElement method, String methodName) {
    TypeUse use = typeReader.read(record.asType(), method, List.of());
    if (use == null || typeReader.unresolved()) {
      return;
    }
    Map<String, NamedType> registry = typeReader.registry();
    List<NamedType> reachable = reachable(registry, use);
    boolean ok = true;
    for (NamedType type : reachable) {
      if (type instanceof UnionType) {
        report.error(
            Messages.partialOfUnion(methodName, record.getSimpleName().toString(), type.name()),
            method);
        ok = false;
      } else if (type instanceof ObjectType object) {
        TypeElement element = elements.getTypeElement(object.className().canonicalName());
        if (element != null && !element.getTypeParameters().isEmpty()) {
          report.error(
              Messages.partialOfGeneric(
                  methodName, record.getSimpleName().toString(), object.className().simpleName()),
              method);
          ok = false;
          continue;
        }
        ClassName partial = partialName(object.className());
        TypeElement existing = elements.getTypeElement(partial.canonicalName());
        if (existing != null && !hasBinder(existing)) {
          report.error(
              Messages.partialNameTaken(
                  methodName, object.className().simpleName(), partial.canonicalName()),
              method);
          ok = false;
        }
      }
    }
    if (ok) {
      for (NamedType type : reachable) {
        if (type instanceof ObjectType object) {
          partialsToGenerate.putIfAbsent(object.key(), object);
        }
      }
    }
  }

  /** The records, classes, enums and unions reachable from {@code use}, each once. */
  static List<NamedType> reachable(Map<String, NamedType> registry, TypeUse use) {
    Set<String> seen = new LinkedHashSet<>();
    collect(registry, use, seen);
    List<NamedType> found = new ArrayList<>();
    for (String key : seen) {
      found.add(registry.get(key));
    }
    return found;
  }

  private static void collect(Map<String, NamedType> registry, TypeUse use, Set<String> seen) {
    if (use instanceof ArrayOf array) {
      collect(registry, array.items(), seen);
    } else if (use instanceof MapOf map) {
      collect(registry, map.values(), seen);
    } else if (use instanceof Named named && seen.add(named.key())) {
      NamedType type = registry.get(named.key());
      if (type instanceof ObjectType object) {
        for (NamedType.Property property : object.properties()) {
          collect(registry, property.type(), seen);
        }
      } else if (type instanceof UnionType union) {
        for (String variant : union.variants()) {
          collect(registry, new Named(variant, List.of()), seen);
        }
      }
    }
  }
}
