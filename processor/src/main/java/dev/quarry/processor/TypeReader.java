package dev.quarry.processor;

import com.palantir.javapoet.ClassName;
import dev.quarry.processor.NamedType.EnumType;
import dev.quarry.processor.NamedType.ObjectType;
import dev.quarry.processor.NamedType.Property;
import dev.quarry.processor.NamedType.UnionType;
import dev.quarry.processor.TypeUse.ArrayOf;
import dev.quarry.processor.TypeUse.Constraint;
import dev.quarry.processor.TypeUse.MapOf;
import dev.quarry.processor.TypeUse.Named;
import dev.quarry.processor.TypeUse.Scalar;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads Java types into {@link TypeUse}s and the records, enums and sealed interfaces they refer
 * to into a registry, reporting every type that has no JSON schema or cannot be bound back on
 * the most specific element it is written on.
 */
final class TypeReader {
  private static final Map<String, ScalarKind> SCALARS =
      Map.ofEntries(
          Map.entry("java.lang.String", ScalarKind.STRING),
          Map.entry("java.lang.Character", ScalarKind.CHARACTER),
          Map.entry("java.lang.Boolean", ScalarKind.BOOLEAN),
          Map.entry("java.lang.Byte", ScalarKind.INTEGER),
          Map.entry("java.lang.Short", ScalarKind.INTEGER),
          Map.entry("java.lang.Integer", ScalarKind.INTEGER),
          Map.entry("java.lang.Long", ScalarKind.INTEGER),
          Map.entry("java.math.BigInteger", ScalarKind.INTEGER),
          Map.entry("java.lang.Float", ScalarKind.NUMBER),
          Map.entry("java.lang.Double", ScalarKind.NUMBER),
          Map.entry("java.math.BigDecimal", ScalarKind.NUMBER),
          Map.entry("java.time.LocalDate", ScalarKind.DATE),
          Map.entry("java.time.LocalDateTime", ScalarKind.LOCAL_DATE_TIME),
          Map.entry("java.time.OffsetDateTime", ScalarKind.DATE_TIME),
          Map.entry("java.time.ZonedDateTime", ScalarKind.DATE_TIME),
          Map.entry("java.time.Instant", ScalarKind.DATE_TIME),
          Map.entry("java.time.LocalTime", ScalarKind.LOCAL_TIME),
          Map.entry("java.time.OffsetTime", ScalarKind.TIME),
          Map.entry("java.time.Duration", ScalarKind.DURATION),
          Map.entry("java.util.UUID", ScalarKind.UUID),
          Map.entry("java.net.URI", ScalarKind.URI));

  static final String ALIAS = "dev.quarry.Alias";

  private static final List<String> CONSTRAINT_PACKAGES =
      List.of("jakarta.validation.constraints.", "javax.validation.constraints.");

  private final Elements elements;
  private final Types types;
  private final Descriptions descriptions;
  private final Report report;
  private final Map<String, NamedType> registry = new LinkedHashMap<>();
  private final Set<String> inProgress = new HashSet<>();
  private final Set<String> names = new HashSet<>();
  private boolean unresolved;

  TypeReader(Elements elements, Types types, Report report) {
    this.elements = elements;
    this.types = types;
    this.descriptions = new Descriptions(elements);
    this.report = report;
  }

  /** Every record, enum and sealed interface read so far, by key, in the order first met. */
  Map<String, NamedType> registry() {
    return registry;
  }

  /** Whether a type could not be resolved: another processor may still generate it. */
  boolean unresolved() {
    return unresolved;
  }

  /**
   * Reads {@code type}, written on {@code site} with {@code siteAnnotations}; {@code null} when it
   * has no schema (the reason is reported).
   */
  TypeUse read(TypeMirror type, Element site, List<? extends AnnotationMirror> siteAnnotations) {
    TypeUse use = readType(type, site);
    if (use == null) {
      return null;
    }
    List<AnnotationMirror> annotations = new ArrayList<>(siteAnnotations);
    annotations.addAll(type.getAnnotationMirrors());
    return constrain(use, type, annotations, site);
  }

  static boolean isOptional(TypeMirror type) {
    return isDeclared(type, "java.util.Optional");
  }

  static boolean isDeclared(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(qualifiedName);
  }

  /** A short, readable form of a type for messages: simple names, type arguments kept. */
  static String display(TypeMirror type) {
    switch (type.getKind()) {
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        String name = declared.asElement().getSimpleName().toString();
        if (declared.getTypeArguments().isEmpty()) {
          return name;
        }
        return name
            + declared.getTypeArguments().stream()
                .map(TypeReader::display)
                .collect(Collectors.joining(", ", "<", ">"));
      case ARRAY:
        return display(((ArrayType) type).getComponentType()) + "[]";
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          return "? extends " + display(wildcard.getExtendsBound());
        }
        if (wildcard.getSuperBound() != null) {
          return "? super " + display(wildcard.getSuperBound());
        }
        return "?";
      default:
        // Primitives print their type annotations; the kind does not.
        return type.getKind().isPrimitive()
            ? type.getKind().name().toLowerCase(java.util.Locale.ROOT)
            : type.toString();
    }
  }

  private TypeUse readType(TypeMirror type, Element site) {
    switch (type.getKind()) {
      case ERROR:
        unresolved = true;
        return null;
      case BOOLEAN:
        return scalar(ScalarKind.BOOLEAN);
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
        return scalar(ScalarKind.INTEGER);
      case FLOAT:
      case DOUBLE:
        return scalar(ScalarKind.NUMBER);
      case CHAR:
        return scalar(ScalarKind.CHARACTER);
      case ARRAY:
        TypeMirror component = ((ArrayType) type).getComponentType();
        if (component.getKind() == TypeKind.BYTE) {
          report.error(Messages.byteArray(), site);
          return null;
        }
        TypeUse items = read(component, site, List.of());
        return items == null ? null : new ArrayOf(items, false, List.of());
      case WILDCARD:
        report.error(Messages.wildcard(display(type)), site);
        return null;
      case DECLARED:
        return readDeclared((DeclaredType) type, site);
      default:
        report.error(Messages.unsupportedType(display(type)), site);
        return null;
    }
  }

  private static Scalar scalar(ScalarKind kind) {
    return new Scalar(kind, List.of());
  }

  private TypeUse readDeclared(DeclaredType type, Element site) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    ScalarKind kind = SCALARS.get(name);
    if (kind != null) {
      return scalar(kind);
    }
    switch (name) {
      case "java.lang.Object":
        report.error(Messages.objectType(), site);
        return null;
      case "java.util.Optional":
        report.error(Messages.optionalNotAllowed(display(type)), site);
        return null;
      case "java.util.List":
      case "java.util.Collection":
        return array(type, false, site);
      case "java.util.Set":
        return array(type, true, site);
      case "java.util.Map":
        return map(type, site);
      default:
        break;
    }
    if (isSubtypeOf(type, "java.util.Collection") || isSubtypeOf(type, "java.util.Map")) {
      report.error(Messages.collectionInterface(display(type)), site);
      return null;
    }
    if (name.startsWith("java.") || name.startsWith("javax.")) {
      report.error(Messages.unsupportedType(display(type)), site);
      return null;
    }
    if (!element.getTypeParameters().isEmpty() && type.getTypeArguments().isEmpty()) {
      report.error(Messages.rawType(display(type)), site);
      return null;
    }
    switch (element.getKind()) {
      case ENUM:
        return enumType(element, site);
      case RECORD:
        return objectType(type, element, site);
      case CLASS:
        if (element.getModifiers().contains(Modifier.ABSTRACT)) {
          report.error(Messages.abstractClass(display(type)), site);
          return null;
        }
        return objectType(type, element, site);
      case INTERFACE:
        return unionType(type, element, site);
      default:
        report.error(Messages.unsupportedType(display(type)), site);
        return null;
    }
  }

  private boolean isSubtypeOf(DeclaredType type, String qualifiedName) {
    TypeElement supertype = elements.getTypeElement(qualifiedName);
    return supertype != null
        && types.isSubtype(types.erasure(type), types.erasure(supertype.asType()));
  }

  private TypeUse array(DeclaredType type, boolean unique, Element site) {
    if (type.getTypeArguments().isEmpty()) {
      report.error(Messages.rawType(display(type)), site);
      return null;
    }
    TypeUse items = read(type.getTypeArguments().get(0), site, List.of());
    return items == null ? null : new ArrayOf(items, unique, List.of());
  }

  private TypeUse map(DeclaredType type, Element site) {
    if (type.getTypeArguments().isEmpty()) {
      report.error(Messages.rawType(display(type)), site);
      return null;
    }
    TypeMirror key = type.getTypeArguments().get(0);
    if (!isDeclared(key, "java.lang.String")) {
      report.error(Messages.mapKey(display(type)), site);
      return null;
    }
    TypeUse values = read(type.getTypeArguments().get(1), site, List.of());
    return values == null ? null : new MapOf(values, List.of());
  }

  private boolean accessible(TypeElement element, TypeMirror type, Element site) {
    for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(Messages.notAccessible(display(type), "private"), site);
        return false;
      }
    }
    if (element.getKind() == ElementKind.CLASS
        && element.getEnclosingElement() instanceof TypeElement
        && !element.getModifiers().contains(Modifier.STATIC)) {
      report.error(
          Messages.notAccessible(display(type), "an inner class that needs an outer instance"),
          site);
      return false;
    }
    return true;
  }

  private static String key(DeclaredType type, TypeElement element) {
    String key = element.getQualifiedName().toString();
    if (type.getTypeArguments().isEmpty()) {
      return key;
    }
    return key
        + type.getTypeArguments().stream()
            .map(TypeMirror::toString)
            .collect(Collectors.joining(",", "<", ">"));
  }

  /** A {@code $defs} name, unique within this interface: simple names, type arguments joined. */
  private String uniqueName(DeclaredType type, TypeElement element) {
    StringBuilder name = new StringBuilder(element.getSimpleName());
    for (TypeMirror argument : type.getTypeArguments()) {
      name.append(display(argument).replaceAll("[^A-Za-z0-9]", ""));
    }
    String candidate = name.toString();
    for (int i = 2; !names.add(candidate); i++) {
      candidate = name.toString() + i;
    }
    return candidate;
  }

  private TypeUse enumType(TypeElement element, Element site) {
    String key = element.getQualifiedName().toString();
    if (registry.containsKey(key)) {
      return new Named(key, List.of());
    }
    if (!accessible(element, element.asType(), site)) {
      return null;
    }
    List<String> constants = new ArrayList<>();
    List<String> constantDescriptions = new ArrayList<>();
    List<Aliases> aliases = new ArrayList<>();
    for (Element enclosed : element.getEnclosedElements()) {
      if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
        constants.add(enclosed.getSimpleName().toString());
        constantDescriptions.add(descriptions.of(enclosed));
        aliases.add(aliases(enclosed));
      }
    }
    // The runtime matches enum constants ignoring case, so aliases must differ in more than case.
    if (!unambiguous(element.getSimpleName().toString(), "constant", constants, aliases, true)) {
      return null;
    }
    registry.put(
        key,
        new EnumType(
            key,
            uniqueName((DeclaredType) element.asType(), element),
            ClassName.get(element),
            descriptions.of(element),
            constants,
            constantDescriptions,
            aliases.stream().map(Aliases::names).toList()));
    return new Named(key, List.of());
  }

  private TypeUse objectType(DeclaredType type, TypeElement element, Element site) {
    String key = key(type, element);
    if (registry.containsKey(key) || inProgress.contains(key)) {
      return new Named(key, List.of());
    }
    if (!element.getTypeParameters().isEmpty()) {
      // The same generic type open with ever new type arguments: Tree<T> using Tree<List<T>>.
      String raw = element.getQualifiedName() + "<";
      List<String> open = new ArrayList<>();
      for (String progress : inProgress) {
        if (progress.startsWith(raw)) {
          open.add(progress);
        }
      }
      if (open.size() >= 2) {
        open.sort(java.util.Comparator.comparingInt(String::length));
        open.add(key);
        List<String> shown = new ArrayList<>();
        for (String each : open) {
          shown.add(each.replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Z])", ""));
        }
        report.error(
            Messages.growingTypeArguments(display(element.asType()), String.join(" → ", shown)),
            site);
        return null;
      }
    }
    if (!accessible(element, type, site)) {
      return null;
    }
    inProgress.add(key);
    List<Property> properties =
        element.getKind() == ElementKind.RECORD
            ? recordProperties(type, element)
            : constructorProperties(type, element, site);
    inProgress.remove(key);
    if (properties == null) {
      return null;
    }
    registry.put(
        key,
        new ObjectType(
            key,
            uniqueName(type, element),
            ClassName.get(element),
            descriptions.of(element),
            properties));
    return new Named(key, List.of());
  }

  private List<Property> recordProperties(DeclaredType type, TypeElement element) {
    List<Property> properties = new ArrayList<>();
    List<String> propertyNames = new ArrayList<>();
    List<Aliases> allAliases = new ArrayList<>();
    boolean complete = true;
    for (RecordComponentElement component : element.getRecordComponents()) {
      ExecutableElement accessor = component.getAccessor();
      TypeMirror componentType =
          ((ExecutableType) types.asMemberOf(type, accessor)).getReturnType();
      List<AnnotationMirror> annotations = new ArrayList<>(component.getAnnotationMirrors());
      annotations.addAll(accessor.getAnnotationMirrors());
      VariableElement field = field(element, component.getSimpleName().toString());
      if (field != null) {
        annotations.addAll(field.getAnnotationMirrors());
      }
      String name = component.getSimpleName().toString();
      String description = descriptions.annotated(component);
      if (description == null) {
        description = descriptions.param(element, name);
      }
      // javac (17 to at least 25) has no source position for a record component element, but has
      // one for its field, declared at the same place.
      Element site = field != null ? field : component;
      Aliases aliases = aliases(field, component);
      Property property =
          property(name, componentType, annotations, site, description, aliases.names());
      complete &= property != null;
      properties.add(property);
      propertyNames.add(name);
      allAliases.add(aliases);
    }
    complete &=
        unambiguous(
            element.getSimpleName().toString(), "component", propertyNames, allAliases, false);
    return complete ? properties : null;
  }

  /*
   * The runtime binds such a class through this constructor by its parameter names, which exist
   * at run time only when the class was compiled with javac -parameters. The processor cannot see
   * javac's options, so it cannot check that here; records need nothing of the kind.
   */
  private List<Property> constructorProperties(
      DeclaredType type, TypeElement element, Element site) {
    List<VariableElement> fields = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(element.getEnclosedElements())) {
      if (!field.getModifiers().contains(Modifier.STATIC)) {
        fields.add(field);
      }
    }
    ExecutableElement constructor = null;
    int matching = 0;
    for (ExecutableElement candidate :
        ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (candidate.getModifiers().contains(Modifier.PUBLIC)
          && (fields.isEmpty() || !candidate.getParameters().isEmpty())
          && candidate.getParameters().stream().allMatch(p -> matchesField(element, p))) {
        constructor = candidate;
        matching++;
      }
    }
    if (matching != 1) {
      String expected =
          element.getSimpleName()
              + fields.stream()
                  .map(f -> display(f.asType()) + " " + f.getSimpleName())
                  .collect(Collectors.joining(", ", "(", ")"));
      report.error(Messages.noCanonicalConstructor(display(type), expected), site);
      return null;
    }
    List<? extends TypeMirror> parameterTypes =
        ((ExecutableType) types.asMemberOf(type, constructor)).getParameterTypes();
    List<Property> properties = new ArrayList<>();
    List<String> propertyNames = new ArrayList<>();
    List<Aliases> allAliases = new ArrayList<>();
    boolean complete = true;
    for (int i = 0; i < constructor.getParameters().size(); i++) {
      VariableElement parameter = constructor.getParameters().get(i);
      String name = parameter.getSimpleName().toString();
      VariableElement field = field(element, name);
      List<AnnotationMirror> annotations = new ArrayList<>(parameter.getAnnotationMirrors());
      annotations.addAll(field.getAnnotationMirrors());
      String description = descriptions.annotated(parameter);
      if (description == null) {
        description = descriptions.of(field);
      }
      Aliases aliases = aliases(parameter, field);
      Property property =
          property(name, parameterTypes.get(i), annotations, field, description, aliases.names());
      complete &= property != null;
      properties.add(property);
      propertyNames.add(name);
      allAliases.add(aliases);
    }
    complete &=
        unambiguous(
            element.getSimpleName().toString(), "component", propertyNames, allAliases, false);
    return complete ? properties : null;
  }

  private boolean matchesField(TypeElement owner, VariableElement parameter) {
    VariableElement field = field(owner, parameter.getSimpleName().toString());
    return field != null
        && !field.getModifiers().contains(Modifier.STATIC)
        && types.isSameType(types.erasure(field.asType()), types.erasure(parameter.asType()));
  }

  private static VariableElement field(TypeElement owner, String name) {
    for (VariableElement field : ElementFilter.fieldsIn(owner.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(name)) {
        return field;
      }
    }
    return null;
  }

  private Property property(
      String name,
      TypeMirror type,
      List<AnnotationMirror> annotations,
      Element element,
      String description,
      List<String> aliases) {
    boolean required = true;
    TypeMirror valueType = type;
    if (isOptional(type)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
      if (arguments.isEmpty()) {
        report.error(Messages.rawType(display(type)), element);
        return null;
      }
      valueType = arguments.get(0);
      required = false;
    }
    List<AnnotationMirror> all = new ArrayList<>(annotations);
    all.addAll(type.getAnnotationMirrors());
    for (AnnotationMirror annotation : all) {
      if (Annotations.simpleName(annotation).equals("Nullable")) {
        required = false;
      }
    }
    for (AnnotationMirror annotation : all) {
      if (isConstraint(annotation) && Annotations.simpleName(annotation).equals("NotNull")) {
        required = true;
      }
    }
    if (!required && annotations.stream()
        .anyMatch(a -> Annotations.qualifiedName(a).equals(CallInputs.ONE_OF))) {
      report.error(Messages.optionalOneOf(display(type)), element);
      return null;
    }
    TypeUse use = read(valueType, element, annotations);
    return use == null ? null : new Property(name, use, required, description, aliases, element, type);
  }

  /** The {@code @Alias} names of a component or constant, and where they are written. */
  private record Aliases(
      List<String> names, Element element, AnnotationMirror mirror, List<AnnotationValue> values) {
    static final Aliases NONE = new Aliases(List.of(), null, null, List.of());
  }

  /** The {@code @Alias} on the first of {@code candidates} that has one, without repeats. */
  private Aliases aliases(Element... candidates) {
    for (Element candidate : candidates) {
      AnnotationMirror alias = candidate == null ? null : Annotations.find(candidate, ALIAS);
      if (alias != null) {
        Set<String> names = new LinkedHashSet<>();
        List<AnnotationValue> values = new ArrayList<>();
        for (Object value : (List<?>) Annotations.value(elements, alias, "value").getValue()) {
          AnnotationValue annotationValue = (AnnotationValue) value;
          if (names.add((String) annotationValue.getValue())) {
            values.add(annotationValue);
          }
        }
        return new Aliases(List.copyOf(names), candidate, alias, values);
      }
    }
    return Aliases.NONE;
  }

  /**
   * Whether every alias of {@code type}'s components or constants ({@code kind}) stands for one
   * of them only: it is neither a name nor another alias; reports each that is not.
   */
  private boolean unambiguous(
      String type, String kind, List<String> names, List<Aliases> aliases, boolean ignoreCase) {
    Map<String, String> meanings = new HashMap<>();
    for (String name : names) {
      meanings.put(normalize(name, ignoreCase), "the name of " + kind + " '" + name + "'");
    }
    boolean unambiguous = true;
    for (int i = 0; i < names.size(); i++) {
      Aliases of = aliases.get(i);
      for (int j = 0; j < of.names().size(); j++) {
        String alias = of.names().get(j);
        String taken =
            meanings.putIfAbsent(
                normalize(alias, ignoreCase), "an alias of " + kind + " '" + names.get(i) + "'");
        if (taken != null) {
          report.error(
              Messages.ambiguousAlias(
                  type + "." + names.get(i), alias, kind, type, taken, ignoreCase),
              of.element(),
              of.mirror(),
              of.values().get(j));
          unambiguous = false;
        }
      }
    }
    return unambiguous;
  }

  private static String normalize(String name, boolean ignoreCase) {
    return ignoreCase ? name.toLowerCase(java.util.Locale.ROOT) : name;
  }

  private TypeUse unionType(DeclaredType type, TypeElement element, Element site) {
    if (!element.getModifiers().contains(Modifier.SEALED)) {
      report.error(Messages.notSealed(display(type)), site);
      return null;
    }
    if (!element.getTypeParameters().isEmpty()) {
      report.error(
          Messages.genericSealed(
              display(type),
              element.getTypeParameters().stream()
                  .map(p -> p.getSimpleName().toString())
                  .collect(java.util.stream.Collectors.joining(", "))),
          site);
      return null;
    }
    String key = key(type, element);
    if (registry.containsKey(key) || inProgress.contains(key)) {
      return new Named(key, List.of());
    }
    if (!accessible(element, type, site)) {
      return null;
    }
    inProgress.add(key);
    List<String> variants = new ArrayList<>();
    boolean complete = true;
    for (TypeMirror permitted : element.getPermittedSubclasses()) {
      TypeElement variant = (TypeElement) types.asElement(permitted);
      if (variant == null || permitted.getKind() == TypeKind.ERROR) {
        unresolved = true;
        complete = false;
        continue;
      }
      if (variant.getKind() != ElementKind.RECORD) {
        report.error(
            Messages.sealedNonRecord(
                display(type), variant.getSimpleName().toString(), kindOf(variant)),
            site);
        complete = false;
        continue;
      }
      for (RecordComponentElement component : variant.getRecordComponents()) {
        if (component.getSimpleName().contentEquals(UnionType.TAG)) {
          VariableElement field = field(variant, UnionType.TAG);
          report.error(
              Messages.tagClash(variant.getSimpleName().toString(), display(type)),
              field != null ? field : component);
          complete = false;
        }
      }
      TypeUse use = objectType((DeclaredType) variant.asType(), variant, site);
      if (use instanceof Named) {
        variants.add(((Named) use).key());
      } else {
        complete = false;
      }
    }
    inProgress.remove(key);
    if (!complete) {
      return null;
    }
    registry.put(
        key,
        new UnionType(
            key,
            uniqueName(type, element),
            ClassName.get(element),
            descriptions.of(element),
            variants));
    return new Named(key, List.of());
  }

  /** What a permitted subclass that is not a record is, for messages. */
  private static String kindOf(TypeElement element) {
    switch (element.getKind()) {
      case INTERFACE:
        return element.getModifiers().contains(Modifier.SEALED)
            ? "a sealed interface"
            : element.getModifiers().contains(Modifier.NON_SEALED)
                ? "a non-sealed interface"
                : "an interface";
      case ENUM:
        return "an enum";
      case CLASS:
        return element.getModifiers().contains(Modifier.ABSTRACT) ? "an abstract class" : "a class";
      default:
        return "a " + element.getKind().name().toLowerCase();
    }
  }

  private static boolean isConstraint(AnnotationMirror annotation) {
    String name = Annotations.qualifiedName(annotation);
    return CONSTRAINT_PACKAGES.stream().anyMatch(name::startsWith);
  }

  /** Adds the schema keywords of the Jakarta constraints in {@code annotations} to {@code use}. */
  private TypeUse constrain(
      TypeUse use, TypeMirror type, List<AnnotationMirror> annotations, Element site) {
    List<Constraint> constraints = new ArrayList<>(use.constraints());
    Set<String> seen = new HashSet<>();
    String shown = display(type);
    boolean isString =
        use instanceof Scalar && ((Scalar) use).kind() == ScalarKind.STRING;
    boolean isNumber = use instanceof Scalar && ((Scalar) use).kind().isNumeric();
    boolean isArray = use instanceof ArrayOf;
    boolean isMap = use instanceof MapOf;
    for (AnnotationMirror annotation : annotations) {
      if (Annotations.qualifiedName(annotation).equals(CallInputs.ONE_OF)) {
        TypeUse labelled = oneOf(use, annotation, shown, site);
        if (labelled == null) {
          return null;
        }
        if (labelled instanceof Scalar) {
          constraints.addAll(labelled.constraints());
        } else {
          use = labelled;
        }
        continue;
      }
      if (!isConstraint(annotation) || !seen.add(Annotations.qualifiedName(annotation))) {
        continue;
      }
      String name = Annotations.simpleName(annotation);
      switch (name) {
        case "Min":
        case "Max":
          if (check(isNumber, name, "a number", shown, site)) {
            constraints.add(
                new Constraint(name.equals("Min") ? "minimum" : "maximum", longValue(annotation)));
          }
          break;
        case "DecimalMin":
        case "DecimalMax":
          if (check(isNumber, name, "a number", shown, site)) {
            String text = (String) Annotations.value(elements, annotation, "value").getValue();
            boolean inclusive =
                (Boolean) Annotations.value(elements, annotation, "inclusive").getValue();
            BigDecimal bound;
            try {
              bound = new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
              report.error(Messages.badDecimal(name, text), site);
              break;
            }
            String keyword =
                name.equals("DecimalMin")
                    ? (inclusive ? "minimum" : "exclusiveMinimum")
                    : (inclusive ? "maximum" : "exclusiveMaximum");
            constraints.add(new Constraint(keyword, bound));
          }
          break;
        case "Positive":
          if (check(isNumber, name, "a number", shown, site)) {
            constraints.add(new Constraint("exclusiveMinimum", 0));
          }
          break;
        case "PositiveOrZero":
          if (check(isNumber, name, "a number", shown, site)) {
            constraints.add(new Constraint("minimum", 0));
          }
          break;
        case "Negative":
          if (check(isNumber, name, "a number", shown, site)) {
            constraints.add(new Constraint("exclusiveMaximum", 0));
          }
          break;
        case "NegativeOrZero":
          if (check(isNumber, name, "a number", shown, site)) {
            constraints.add(new Constraint("maximum", 0));
          }
          break;
        case "Size":
          if (check(
              isString || isArray || isMap, name, "a String, a collection or a map", shown, site)) {
            int min = (Integer) Annotations.value(elements, annotation, "min").getValue();
            int max = (Integer) Annotations.value(elements, annotation, "max").getValue();
            String noun = isString ? "Length" : isArray ? "Items" : "Properties";
            if (min > 0) {
              constraints.add(new Constraint("min" + noun, min));
            }
            if (max < Integer.MAX_VALUE) {
              constraints.add(new Constraint("max" + noun, max));
            }
          }
          break;
        case "NotBlank":
          if (check(isString, name, "a String", shown, site)) {
            constraints.add(new Constraint("minLength", 1));
            constraints.add(new Constraint("pattern", "\\S"));
          }
          break;
        case "NotEmpty":
          if (check(
              isString || isArray || isMap, name, "a String, a collection or a map", shown, site)) {
            constraints.add(
                new Constraint(isString ? "minLength" : isArray ? "minItems" : "minProperties", 1));
          }
          break;
        case "Pattern":
          if (check(isString, name, "a String", shown, site)) {
            String regexp = (String) Annotations.value(elements, annotation, "regexp").getValue();
            // Bean Validation matches the whole string, JSON Schema searches within it.
            constraints.add(new Constraint("pattern", "^(?:" + regexp + ")$"));
          }
          break;
        case "Email":
          if (check(isString, name, "a String", shown, site)) {
            constraints.add(new Constraint("format", "email"));
          }
          break;
        default:
          break;
      }
    }
    return use.withConstraints(List.copyOf(constraints));
  }

  /**
   * {@code @OneOf("name")}: the value's (or each element's) {@code enum} is the placeholder that
   * the runtime replaces with the labels of the {@code LabelSet} parameter {@code name}.
   */
  private TypeUse oneOf(TypeUse use, AnnotationMirror annotation, String shown, Element site) {
    String name = ((String) Annotations.value(elements, annotation, "value").getValue()).trim();
    if (name.isEmpty()) {
      report.error(Messages.blankOneOf(), site, annotation);
      return null;
    }
    Constraint labels = new Constraint("enum", List.of(CallInputs.PLACEHOLDER_PREFIX + name));
    if (isLabel(use)) {
      return use.withConstraints(List.of(labels)); // the caller keeps the value's own keywords
    }
    if (use instanceof ArrayOf && isLabel(((ArrayOf) use).items())) {
      ArrayOf array = (ArrayOf) use;
      List<Constraint> constraints = new ArrayList<>(array.items().constraints());
      constraints.add(labels);
      return new ArrayOf(
          array.items().withConstraints(List.copyOf(constraints)), array.unique(), array.constraints());
    }
    report.error(Messages.oneOfType(shown), site, annotation);
    return null;
  }

  private static boolean isLabel(TypeUse use) {
    return use instanceof Scalar && ((Scalar) use).kind() == ScalarKind.STRING;
  }

  private boolean check(
      boolean applies, String annotation, String appliesTo, String type, Element site) {
    if (!applies) {
      report.error(Messages.constraintMismatch(annotation, appliesTo, type), site);
    }
    return applies;
  }

  private long longValue(AnnotationMirror annotation) {
    return ((Number) Annotations.value(elements, annotation, "value").getValue()).longValue();
  }
}
