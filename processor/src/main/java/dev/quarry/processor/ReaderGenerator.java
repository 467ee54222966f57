package dev.quarry.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Writes the answer readers of one interface: a nested class {@code Readers} in the {@code Impl}
 * with one static method per record, enum table and union, and one per method's answer. Each goes
 * from the answer's text, through Jackson's streaming parser ({@code dev.quarry.read.JsonIn}),
 * straight into the records, checking the standard schema's keywords as it reads.
 *
 * <p>A method gets a reader only when every type its answer reaches is one the reader handles
 * exactly as the general path (networknt, then Jackson binding) does: records (generic ones with
 * their type arguments, e.g. {@code Page<Person>}), classes with one public constructor, enums,
 * sealed interfaces of records, {@code List}/{@code Set}/{@code Collection}, Java arrays, {@code
 * Map<String, V>}, {@code Optional}, strings, booleans, the integer and floating types, {@code
 * BigInteger}, {@code BigDecimal}, {@code LocalDate}, {@code LocalDateTime}, {@code LocalTime},
 * {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime}, {@code Duration}, {@code URI},
 * {@code char} and {@code UUID}, with the keywords {@code minimum}, {@code maximum} (and
 * exclusive), lengths, {@code pattern}, {@code format: email}, item and property counts, {@code
 * uniqueItems} on simple items. Any other answer is read by the general path, as before; so is a
 * value the reader's own check of a format does not cover (see {@code JsonIn#email}).
 */
final class ReaderGenerator {
  static final String CLASS = "Readers";
  private static final ClassName JSON_IN = ClassName.get("dev.quarry.read", "JsonIn");
  private static final ClassName PATTERN = ClassName.get("java.util.regex", "Pattern");
  private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
  private static final ClassName HASH_SET = ClassName.get("java.util", "HashSet");
  private static final ClassName LINKED_HASH_MAP = ClassName.get("java.util", "LinkedHashMap");
  private static final ClassName BIG_DECIMAL = ClassName.get(BigDecimal.class);
  private static final Set<String> UNIQUE_SAFE =
      Set.of(
          "java.lang.String", "java.lang.Boolean", "java.lang.Integer", "java.lang.Long",
          "java.lang.Short", "java.lang.Byte", "java.math.BigInteger", "java.util.UUID",
          "java.time.LocalDate");

  /** Thrown while generating when a type has no reader; the method falls back to the general path. */
  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String why) {
      super(why, null, false, false);
    }
  }

  private final Elements elements;
  private final Types types;
  private final Map<String, NamedType> registry;
  private final List<MethodSpec> methodList = new ArrayList<>();
  private final List<FieldSpec> fieldList = new ArrayList<>();
  private final Map<String, String> methods = new LinkedHashMap<>();
  private final Set<String> fields = new HashSet<>();
  private final Map<String, String> patterns = new LinkedHashMap<>();
  private int temporaries;
  private boolean empty = true;

  ReaderGenerator(Elements elements, Types types, Map<String, NamedType> registry) {
    this.elements = elements;
    this.types = types;
    this.registry = registry;
  }

  /**
   * The name of the static method of {@code Readers} that reads {@code method}'s answer, or
   * {@code null} when the general path must read it.
   */
  String rootReader(MethodModel method) {
    if (method.result() == null) {
      return null;
    }
    int methodCount = methodList.size();
    int fieldCount = fieldList.size();
    Map<String, String> methodsBefore = new LinkedHashMap<>(methods);
    Set<String> fieldsBefore = new HashSet<>(fields);
    try {
      String name = "answer" + camel(method.constantName());
      if (!method.wrapped()) {
        String key = ((Named) method.result()).key();
        String reader = objectReader(key, null, method.valueType());
        // The root object is the answer: its reader is the method's.
        MethodSpec root =
            MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.STATIC)
                .returns(TypeName.get(method.valueType()).box())
                .addParameter(JSON_IN, "in")
                .addStatement("return $L(in)", reader)
                .build();
        methodList.add(root);
      } else {
        CodeBlock.Builder body = CodeBlock.builder();
        TypeName valueType = TypeName.get(method.valueType()).box();
        body.addStatement("in.beginObject($S)", "object");
        body.addStatement("$T value = null", valueType);
        body.addStatement("long seen = 0L");
        body.addStatement("String name");
        body.beginControlFlow("while ((name = in.nextName()) != null)");
        body.beginControlFlow("switch (name)");
        body.add("case $S:\n", SchemaWriter.WRAPPER).indent();
        body.addStatement("seen = in.once(seen, 1L)");
        read(body, "value", method.result(), method.valueType(), method.nullable());
        body.addStatement("break").unindent();
        body.add("default:\n").indent().addStatement("in.unknown(name)").unindent();
        body.endControlFlow().endControlFlow();
        body.addStatement(
            "in.required(seen, 1L, $L)",
            constant("WRAPPER_NAMES", stringArray(List.of(SchemaWriter.WRAPPER))));
        body.addStatement("return value");
        methodList.add(
            MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.STATIC)
                .returns(valueType)
                .addParameter(JSON_IN, "in")
                .addCode(body.build())
                .build());
      }
      empty = false;
      return CLASS + "::" + name;
    } catch (RuntimeException e) {
      // Unsupported, or anything unforeseen (the processor never lets an exception escape):
      // restore what this method added; the answer takes the general path.
      methodList.subList(methodCount, methodList.size()).clear();
      fieldList.subList(fieldCount, fieldList.size()).clear();
      methods.clear();
      methods.putAll(methodsBefore);
      fields.clear();
      fields.addAll(fieldsBefore);
      patterns.values().removeIf(name -> !fieldsBefore.contains(name));
      return null;
    }
  }

  /** The {@code Readers} class, or {@code null} when no method has a reader. */
  TypeSpec build() {
    if (empty) {
      return null;
    }
    return TypeSpec.classBuilder(CLASS)
        .addJavadoc("The answer readers: text to records, the schema checked as it is read.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addFields(fieldList)
        .addMethods(methodList)
        .build();
  }

  // ---- per type --------------------------------------------------------------------------------

  /** The reader method of an object type (as a union variant when {@code tag} is not null). */
  private String objectReader(String key, String tag, TypeMirror useType) {
    String id = key + (tag == null ? "" : "#tagged");
    String existing = methods.get(id);
    if (existing != null) {
      return existing;
    }
    NamedType named = registry.get(key);
    if (!(named instanceof ObjectType)) {
      throw new Unsupported(key + " is not an object");
    }
    ObjectType type = (ObjectType) named;
    TypeElement element = elements.getTypeElement(type.className().canonicalName());
    if (element == null || !constructible(element)) {
      throw new Unsupported(key + " is neither a record nor a class with one public constructor");
    }
    boolean generic = !element.getTypeParameters().isEmpty();
    if (generic && (useType == null || useType.getKind() != TypeKind.DECLARED
        || ((DeclaredType) useType).getTypeArguments().isEmpty())) {
      throw new Unsupported(key + " is generic, used without its type arguments");
    }
    List<Property> properties = type.properties();
    int count = properties.size() + (tag == null ? 0 : 1);
    if (count > 63) {
      throw new Unsupported(key + " has too many properties");
    }
    String name = "read" + identifier(type.name()) + (tag == null ? "" : "Tagged");
    if (methods.containsValue(name)) {
      name = name + "_" + methods.size();
    }
    methods.put(id, name);
    ClassName className = type.className();
    TypeName resultType = generic ? TypeName.get(useType) : className;
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("in.beginObject($S)", "object");
    List<String> names = new ArrayList<>();
    long required = 0;
    for (int i = 0; i < properties.size(); i++) {
      Property property = properties.get(i);
      body.addStatement("$T p$L = $L", TypeName.get(property.javaType()), i, absent(property.javaType()));
      names.add(property.name());
      if (property.required()) {
        required |= 1L << i;
      }
    }
    if (tag != null) {
      names.add(UnionType.TAG);
      required |= 1L << properties.size();
    }
    body.addStatement("long seen = 0L");
    body.addStatement("String name");
    body.beginControlFlow("while ((name = in.nextName()) != null)");
    body.beginControlFlow("switch (name)");
    Set<String> cases = new HashSet<>();
    for (int i = 0; i < properties.size(); i++) {
      Property property = properties.get(i);
      if (!cases.add(property.name())) {
        throw new Unsupported("duplicate property " + property.name());
      }
      body.add("case $S:\n", property.name()).indent();
      body.addStatement("seen = in.once(seen, $LL)", 1L << i);
      TypeMirror javaType = property.javaType();
      boolean nullable = !property.required();
      read(body, "p" + i, property.type(), javaType, nullable);
      body.addStatement("break").unindent();
    }
    if (tag != null) {
      if (!cases.add(UnionType.TAG)) {
        throw new Unsupported("a variant with a property named " + UnionType.TAG);
      }
      body.add("case $S:\n", UnionType.TAG).indent();
      body.addStatement("seen = in.once(seen, $LL)", 1L << properties.size());
      body.addStatement("in.constant($S)", tag);
      body.addStatement("break").unindent();
    }
    body.add("default:\n").indent().addStatement("in.unknown(name)").unindent();
    body.endControlFlow().endControlFlow();
    String namesField = constant(name.toUpperCase() + "_NAMES", stringArray(names));
    body.addStatement("in.required(seen, $LL, $L)", required, namesField);
    CodeBlock.Builder arguments = CodeBlock.builder();
    for (int i = 0; i < properties.size(); i++) {
      arguments.add(i == 0 ? "p$L" : ", p$L", i);
    }
    body.addStatement(generic ? "return new $T<>($L)" : "return new $T($L)", className,
        arguments.build());
    methodList.add(
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.STATIC)
            .returns(resultType)
            .addParameter(JSON_IN, "in")
            .addCode(body.build())
            .build());
    return name;
  }

  /**
   * Whether the reader can build {@code element} as Jackson binds it: a record (its canonical
   * constructor), or a concrete class whose one constructor is public (the processor has matched
   * its parameters to the fields; with a second constructor Jackson may pick another way in).
   */
  private static boolean constructible(TypeElement element) {
    if (element.getKind() == ElementKind.RECORD) {
      return true;
    }
    if (element.getKind() != ElementKind.CLASS
        || element.getModifiers().contains(Modifier.ABSTRACT)
        || element.getNestingKind().isNested() && !element.getModifiers().contains(Modifier.STATIC)) {
      return false;
    }
    List<ExecutableElement> constructors =
        ElementFilter.constructorsIn(element.getEnclosedElements());
    return constructors.size() == 1
        && constructors.get(0).getModifiers().contains(Modifier.PUBLIC)
        && !constructors.get(0).getParameters().isEmpty();
  }

  /** What Jackson leaves in a record component the answer does not give. */
  private static CodeBlock absent(TypeMirror type) {
    switch (type.getKind()) {
      case BOOLEAN:
        return CodeBlock.of("false");
      case INT:
      case LONG:
      case SHORT:
      case BYTE:
      case CHAR:
        return CodeBlock.of("0");
      case DOUBLE:
      case FLOAT:
        return CodeBlock.of("0");
      default:
        return TypeReader.isOptional(type) ? CodeBlock.of("$T.empty()", OPTIONAL) : CodeBlock.of("null");
    }
  }

  // ---- values ----------------------------------------------------------------------------------

  /** Statements that read the current value into {@code target}, of Java type {@code javaType}. */
  private void read(
      CodeBlock.Builder code, String target, TypeUse use, TypeMirror javaType, boolean nullable) {
    if (TypeReader.isOptional(javaType)) {
      TypeMirror inner = ((DeclaredType) javaType).getTypeArguments().get(0);
      String value = temporary();
      code.beginControlFlow("if (in.isNull())");
      code.addStatement("$L = $T.empty()", target, OPTIONAL);
      code.nextControlFlow("else");
      code.addStatement("$T $L", TypeName.get(inner), value);
      readValue(code, value, use, inner, true);
      code.addStatement("$L = $T.of($L)", target, OPTIONAL, value);
      code.endControlFlow();
      return;
    }
    if (nullable) {
      if (javaType.getKind().isPrimitive()) {
        throw new Unsupported("a nullable primitive");
      }
      code.beginControlFlow("if (in.isNull())");
      code.addStatement("$L = null", target);
      code.nextControlFlow("else");
      readValue(code, target, use, javaType, true);
      code.endControlFlow();
      return;
    }
    readValue(code, target, use, javaType, false);
  }

  private void readValue(
      CodeBlock.Builder code, String target, TypeUse use, TypeMirror javaType, boolean nullable) {
    if (use instanceof Scalar) {
      Scalar scalar = (Scalar) use;
      String expected =
          nullable ? "[" + scalar.kind().jsonType + ", null]" : scalar.kind().jsonType;
      String method = scalarMethod(scalar.kind(), javaType);
      if (scalar.kind().pattern != null) {
        String pattern = patternConstant(scalar.kind().pattern);
        code.addStatement(
            "$L = in.$L($S, $L, $S)", target, method, expected, pattern, scalar.kind().pattern);
      } else {
        code.addStatement("$L = in.$L($S)", target, method, expected);
      }
      constraints(code, use.constraints(), null);
    } else if (use instanceof ArrayOf) {
      readArray(code, target, (ArrayOf) use, javaType);
    } else if (use instanceof MapOf) {
      readMap(code, target, (MapOf) use, javaType);
    } else {
      String key = ((Named) use).key();
      NamedType named = registry.get(key);
      if (named instanceof ObjectType) {
        code.addStatement("$L = $L(in)", target, objectReader(key, null, javaType));
      } else if (named instanceof EnumType) {
        EnumType enumType = (EnumType) named;
        String table = enumTable(enumType);
        code.addStatement(
            "$L = $L[in.enumIndex($L_NAMES, $S)]", target, table, table, "string");
      } else {
        readUnion(code, target, (UnionType) named);
      }
      constraints(code, use.constraints(), null);
    }
  }

  private String scalarMethod(ScalarKind kind, TypeMirror javaType) {
    String type =
        javaType.getKind().isPrimitive()
            ? javaType.getKind().name()
            : javaType.getKind() == TypeKind.DECLARED
                ? ((TypeElement) ((DeclaredType) javaType).asElement()).getQualifiedName().toString()
                : "?";
    switch (kind) {
      case STRING:
        if (type.equals("java.lang.String")) {
          return "string";
        }
        break;
      case BOOLEAN:
        if (type.equals("BOOLEAN") || type.equals("java.lang.Boolean")) {
          return "bool";
        }
        break;
      case INTEGER:
        switch (type) {
          case "INT":
          case "java.lang.Integer":
            return "int32";
          case "LONG":
          case "java.lang.Long":
            return "int64";
          case "SHORT":
          case "java.lang.Short":
            return "int16";
          case "BYTE":
          case "java.lang.Byte":
            return "int8";
          case "java.math.BigInteger":
            return "bigInteger";
          default:
            break;
        }
        break;
      case NUMBER:
        switch (type) {
          case "DOUBLE":
          case "java.lang.Double":
            return "float64";
          case "FLOAT":
          case "java.lang.Float":
            return "float32";
          case "java.math.BigDecimal":
            return "decimal";
          default:
            break;
        }
        break;
      case DATE:
        if (type.equals("java.time.LocalDate")) {
          return "date";
        }
        break;
      case UUID:
        if (type.equals("java.util.UUID")) {
          return "uuid";
        }
        break;
      case DATE_TIME:
        if (type.equals("java.time.Instant")) {
          return "instant";
        }
        if (type.equals("java.time.OffsetDateTime")) {
          return "offsetDateTime";
        }
        if (type.equals("java.time.ZonedDateTime")) {
          return "zonedDateTime";
        }
        break;
      case DURATION:
        if (type.equals("java.time.Duration")) {
          return "duration";
        }
        break;
      case URI:
        if (type.equals("java.net.URI")) {
          return "uri";
        }
        break;
      case LOCAL_DATE_TIME:
        if (type.equals("java.time.LocalDateTime")) {
          return "localDateTime";
        }
        break;
      case LOCAL_TIME:
        if (type.equals("java.time.LocalTime")) {
          return "localTime";
        }
        break;
      case CHARACTER:
        if (type.equals("CHAR") || type.equals("java.lang.Character")) {
          return "character";
        }
        break;
      default:
        break;
    }
    throw new Unsupported("no reader for " + kind + " as " + type);
  }

  private void readArray(CodeBlock.Builder code, String target, ArrayOf array, TypeMirror javaType) {
    if (javaType.getKind() == TypeKind.ARRAY) {
      readJavaArray(code, target, array, (javax.lang.model.type.ArrayType) javaType);
      return;
    }
    if (javaType.getKind() != TypeKind.DECLARED
        || ((DeclaredType) javaType).getTypeArguments().size() != 1) {
      throw new Unsupported("an array type");
    }
    String raw =
        ((TypeElement) ((DeclaredType) javaType).asElement()).getQualifiedName().toString();
    boolean set;
    switch (raw) {
      case "java.util.List":
      case "java.util.Collection":
      case "java.lang.Iterable":
        set = false;
        break;
      case "java.util.Set":
        set = true;
        break;
      default:
        throw new Unsupported("the collection " + raw);
    }
    TypeMirror itemType = ((DeclaredType) javaType).getTypeArguments().get(0);
    if (itemType.getKind() != TypeKind.DECLARED) {
      throw new Unsupported("items of a wildcard or type variable");
    }
    if (array.unique() || has(array.constraints(), "uniqueItems")) {
      String item = ((TypeElement) ((DeclaredType) itemType).asElement()).getQualifiedName().toString();
      boolean enumItem = ((DeclaredType) itemType).asElement().getKind() == ElementKind.ENUM;
      if (!enumItem && !UNIQUE_SAFE.contains(item)) {
        throw new Unsupported("uniqueItems of " + item);
      }
    }
    String list = readItems(code, array, itemType);
    if (array.unique()) {
      code.addStatement("in.uniqueItems($L)", list);
    }
    constraints(code, array.constraints(), list + ".size()");
    if (set) {
      code.addStatement("$L = new $T<>($L)", target, HASH_SET, list);
    } else {
      code.addStatement("$L = $L", target, list);
    }
  }

  /**
   * Statements that read the current array's items into a new list, made at the array's end from
   * {@link dev.quarry.read.JsonIn#items}'s stack; returns the list's name.
   */
  private String readItems(CodeBlock.Builder code, ArrayOf array, TypeMirror itemType) {
    String start = temporary();
    String item = temporary();
    String list = temporary();
    TypeName itemName = TypeName.get(itemType);
    code.addStatement("in.beginArray($S)", "array");
    code.addStatement("int $L = in.items()", start);
    code.beginControlFlow("while (in.nextElement())");
    code.addStatement("$T $L", itemName, item);
    readValue(code, item, array.items(), itemType, false);
    code.addStatement("in.item($L)", item);
    code.endControlFlow();
    code.addStatement("$T<$T> $L = in.list($L)", ARRAY_LIST, itemName.box(), list, start);
    return list;
  }

  /** A Java array ({@code T[]}, {@code int[]}): read as a list, then copied into the array. */
  private void readJavaArray(
      CodeBlock.Builder code, String target, ArrayOf array, javax.lang.model.type.ArrayType javaType) {
    TypeMirror itemType = javaType.getComponentType();
    boolean primitive = itemType.getKind().isPrimitive();
    if (!primitive && (itemType.getKind() != TypeKind.DECLARED
        || !((DeclaredType) itemType).getTypeArguments().isEmpty())) {
      throw new Unsupported("an array of " + itemType);
    }
    if (array.unique() || has(array.constraints(), "uniqueItems")) {
      throw new Unsupported("uniqueItems on a Java array");
    }
    String list = readItems(code, array, itemType);
    TypeName itemName = TypeName.get(itemType);
    constraints(code, array.constraints(), list + ".size()");
    if (primitive) {
      String index = temporary();
      code.addStatement("$L = new $T[$L.size()]", target, itemName, list);
      code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", index, index, target, index);
      code.addStatement("$L[$L] = $L.get($L)", target, index, list, index);
      code.endControlFlow();
    } else {
      code.addStatement("$L = $L.toArray(new $T[0])", target, list, itemName);
    }
  }

  private void readMap(CodeBlock.Builder code, String target, MapOf map, TypeMirror javaType) {
    if (javaType.getKind() != TypeKind.DECLARED
        || !((TypeElement) ((DeclaredType) javaType).asElement())
            .getQualifiedName()
            .contentEquals("java.util.Map")) {
      throw new Unsupported("a map type other than Map");
    }
    TypeMirror valueType = ((DeclaredType) javaType).getTypeArguments().get(1);
    if (valueType.getKind() != TypeKind.DECLARED) {
      throw new Unsupported("map values of a wildcard or type variable");
    }
    String entries = temporary();
    String key = temporary();
    String value = temporary();
    TypeName valueName = TypeName.get(valueType);
    code.addStatement("in.beginObject($S)", "object");
    code.addStatement(
        "$T<String, $T> $L = new $T<>()", LINKED_HASH_MAP, valueName, entries, LINKED_HASH_MAP);
    code.addStatement("String $L", key);
    code.beginControlFlow("while (($L = in.nextName()) != null)", key);
    code.addStatement("$T $L", valueName, value);
    readValue(code, value, map.values(), valueType, false);
    code.addStatement("$L.put($L, $L)", entries, key, value);
    code.endControlFlow();
    constraints(code, map.constraints(), entries + ".size()");
    code.addStatement("$L = $L", target, entries);
  }

  private void readUnion(CodeBlock.Builder code, String target, UnionType union) {
    List<String> tags = new ArrayList<>();
    List<String> readers = new ArrayList<>();
    for (String variant : union.variants()) {
      ObjectType record = (ObjectType) registry.get(variant);
      tags.add(record.className().simpleName());
      readers.add(objectReader(variant, record.className().simpleName(), null));
    }
    String tagsField =
        constant("TAGS_" + identifier(union.name()).toUpperCase(), stringArray(tags));
    code.beginControlFlow(
        "switch (in.tag($S, $L, $S))", UnionType.TAG, tagsField, "object");
    for (int i = 0; i < readers.size(); i++) {
      code.add("case $L:\n", i).indent();
      code.addStatement("$L = in.variant($L::$L)", target, CLASS, readers.get(i));
      code.addStatement("break").unindent();
    }
    code.add("default:\n").indent();
    code.addStatement("throw new $T()", IllegalStateException.class).unindent();
    code.endControlFlow();
  }

  private String enumTable(EnumType type) {
    String table = "ENUM_" + identifier(type.name()).toUpperCase();
    if (fields.add(table)) {
      CodeBlock.Builder values = CodeBlock.builder().add("{");
      for (int i = 0; i < type.constants().size(); i++) {
        values.add(i == 0 ? "$T.$L" : ", $T.$L", type.className(), type.constants().get(i));
      }
      fieldList.add(
          FieldSpec.builder(
                  ArrayTypeName.of(type.className()), table, Modifier.PRIVATE, Modifier.STATIC,
                  Modifier.FINAL)
              .initializer(values.add("}").build())
              .build());
      fields.add(table + "_NAMES");
      fieldList.add(
          FieldSpec.builder(
                  String[].class, table + "_NAMES", Modifier.PRIVATE, Modifier.STATIC,
                  Modifier.FINAL)
              .initializer(stringArray(type.constants()))
              .build());
    }
    return table;
  }

  /** The checks of the keywords on one value; {@code count} for arrays and maps. */
  private void constraints(CodeBlock.Builder code, List<Constraint> constraints, String count) {
    for (Constraint constraint : constraints) {
      Object value = constraint.value();
      switch (constraint.keyword()) {
        case "minimum":
        case "maximum":
        case "exclusiveMinimum":
        case "exclusiveMaximum":
          String shown = String.valueOf(value);
          code.addStatement(
              "in.$L($L, $S)", constraint.keyword(), decimal(constraint.keyword(), shown), shown);
          break;
        case "minLength":
        case "maxLength":
          code.addStatement("in.$L($L)", constraint.keyword(), value);
          break;
        case "pattern":
          code.addStatement("in.pattern($L, $S)", patternConstant((String) value), value);
          break;
        case "minItems":
        case "maxItems":
        case "minProperties":
        case "maxProperties":
          if (count == null) {
            throw new Unsupported(constraint.keyword() + " on a scalar");
          }
          code.addStatement("in.$L($L, $L)", constraint.keyword(), value, count);
          break;
        case "uniqueItems":
          break; // checked with the items
        case "format":
          if (!"email".equals(value)) {
            throw new Unsupported("the format " + value);
          }
          code.addStatement("in.email()");
          break;
        default:
          throw new Unsupported("the keyword " + constraint.keyword());
      }
    }
  }

  private CodeBlock decimal(String keyword, String shown) {
    switch (shown) {
      case "0":
        return CodeBlock.of("$T.ZERO", BIG_DECIMAL);
      case "1":
        return CodeBlock.of("$T.ONE", BIG_DECIMAL);
      default:
        new BigDecimal(shown); // a bound the processor wrote: always a number
        return CodeBlock.of("$L", constant(
            "LIMIT_" + (fields.size() + 1),
            CodeBlock.of("new $T($S)", BIG_DECIMAL, shown),
            BIG_DECIMAL));
    }
  }

  /** The compiled pattern, one constant per distinct regular expression. */
  private String patternConstant(String regex) {
    String existing = patterns.get(regex);
    if (existing != null) {
      return existing;
    }
    String name =
        constant(
            "PATTERN_" + (patterns.size() + 1),
            CodeBlock.of("$T.compile($S)", PATTERN, regex),
            PATTERN);
    patterns.put(regex, name);
    return name;
  }

  private String constant(String name, CodeBlock value) {
    return constant(name, value, ArrayTypeName.of(String.class));
  }

  private String constant(String name, CodeBlock value, TypeName type) {
    if (fields.add(name)) {
      fieldList.add(
          FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer(value)
              .build());
    }
    return name;
  }

  private static CodeBlock stringArray(List<String> values) {
    CodeBlock.Builder array = CodeBlock.builder().add("{");
    for (int i = 0; i < values.size(); i++) {
      array.add(i == 0 ? "$S" : ", $S", values.get(i));
    }
    return array.add("}").build();
  }

  private static boolean has(List<Constraint> constraints, String keyword) {
    return constraints.stream().anyMatch(c -> c.keyword().equals(keyword));
  }

  private String temporary() {
    return "t" + ++temporaries;
  }

  private static String identifier(String name) {
    StringBuilder out = new StringBuilder();
    for (char c : name.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) ? c : '_');
    }
    return out.toString();
  }

  private static String camel(String constant) {
    StringBuilder out = new StringBuilder();
    for (String word : constant.toLowerCase().split("_")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return out.toString();
  }

  // ---- Java checks -----------------------------------------------------------------------------

  /**
   * Whether any type {@code method}'s answer reaches may carry Java checks: a {@code @Check}
   * method, or a Bean Validation constraint (a {@code jakarta.validation} annotation, or one
   * meta-annotated {@code @Constraint}) on the type, a component or a type argument. Classes that
   * are not records count as having them (their constructors and getters are not looked at).
   */
  boolean javaChecks(MethodModel method) {
    if (method.result() == null) {
      return true;
    }
    List<String> keys = new ArrayList<>();
    collect(method.result(), keys, new HashSet<>());
    if (hasConstraint(method.valueType())) {
      return true;
    }
    for (String key : keys) {
      NamedType named = registry.get(key);
      if (!(named instanceof ObjectType)) {
        continue;
      }
      TypeElement element = elements.getTypeElement(named.className().canonicalName());
      if (element == null || element.getKind() != ElementKind.RECORD) {
        return true;
      }
      if (annotated(element.getAnnotationMirrors())) {
        return true;
      }
      for (ExecutableElement executable : ElementFilter.methodsIn(element.getEnclosedElements())) {
        for (AnnotationMirror annotation : executable.getAnnotationMirrors()) {
          if (Annotations.qualifiedName(annotation).equals("dev.quarry.Check")) {
            return true;
          }
        }
        if (annotated(executable.getAnnotationMirrors())) {
          return true;
        }
      }
      for (RecordComponentElement component : element.getRecordComponents()) {
        if (annotated(component.getAnnotationMirrors()) || hasConstraint(component.asType())) {
          return true;
        }
      }
      for (Element field : ElementFilter.fieldsIn(element.getEnclosedElements())) {
        if (annotated(field.getAnnotationMirrors()) || hasConstraint(field.asType())) {
          return true;
        }
      }
    }
    return false;
  }

  private void collect(TypeUse use, List<String> out, Set<String> seen) {
    if (use instanceof ArrayOf) {
      collect(((ArrayOf) use).items(), out, seen);
    } else if (use instanceof MapOf) {
      collect(((MapOf) use).values(), out, seen);
    } else if (use instanceof Named) {
      String key = ((Named) use).key();
      if (!seen.add(key)) {
        return;
      }
      out.add(key);
      NamedType named = registry.get(key);
      if (named instanceof ObjectType) {
        for (Property property : ((ObjectType) named).properties()) {
          collect(property.type(), out, seen);
        }
      } else if (named instanceof UnionType) {
        for (String variant : ((UnionType) named).variants()) {
          collect(new Named(variant, List.of()), out, seen);
        }
      }
    }
  }

  private boolean hasConstraint(TypeMirror type) {
    if (annotated(type.getAnnotationMirrors())) {
      return true;
    }
    if (type.getKind() == TypeKind.DECLARED) {
      for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
        if (hasConstraint(argument)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean annotated(List<? extends AnnotationMirror> annotations) {
    for (AnnotationMirror annotation : annotations) {
      String name = Annotations.qualifiedName(annotation);
      if (name.startsWith("jakarta.validation.") || name.startsWith("javax.validation.")) {
        return true;
      }
      Element type = annotation.getAnnotationType().asElement();
      for (AnnotationMirror meta : type.getAnnotationMirrors()) {
        String metaName = Annotations.qualifiedName(meta);
        if (metaName.equals("jakarta.validation.Constraint")
            || metaName.equals("javax.validation.Constraint")) {
          return true;
        }
      }
    }
    return false;
  }
}
