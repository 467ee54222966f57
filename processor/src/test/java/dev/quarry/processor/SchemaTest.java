package dev.quarry.processor;

import static dev.quarry.processor.Compiler.json;
import static dev.quarry.processor.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Java type to JSON schema, one type or feature at a time. */
class SchemaTest {
  static Stream<Arguments> types() {
    return Stream.of(
        Arguments.of("String", "{'type':'string'}"),
        Arguments.of("int", "{'type':'integer'}"),
        Arguments.of("Integer", "{'type':'integer'}"),
        Arguments.of("long", "{'type':'integer'}"),
        Arguments.of("Short", "{'type':'integer'}"),
        Arguments.of("byte", "{'type':'integer'}"),
        Arguments.of("BigInteger", "{'type':'integer'}"),
        Arguments.of("double", "{'type':'number'}"),
        Arguments.of("Float", "{'type':'number'}"),
        Arguments.of("BigDecimal", "{'type':'number'}"),
        Arguments.of("boolean", "{'type':'boolean'}"),
        Arguments.of("Boolean", "{'type':'boolean'}"),
        Arguments.of("char", "{'type':'string','minLength':1,'maxLength':1}"),
        Arguments.of("LocalDate", "{'type':'string','format':'date'}"),
        Arguments.of("OffsetDateTime", "{'type':'string','format':'date-time'}"),
        Arguments.of("ZonedDateTime", "{'type':'string','format':'date-time'}"),
        Arguments.of("Instant", "{'type':'string','format':'date-time'}"),
        Arguments.of("OffsetTime", "{'type':'string','format':'time'}"),
        Arguments.of("Duration", "{'type':'string','format':'duration'}"),
        Arguments.of("UUID", "{'type':'string','format':'uuid'}"),
        Arguments.of("URI", "{'type':'string','format':'uri'}"),
        Arguments.of("List<String>", "{'type':'array','items':{'type':'string'}}"),
        Arguments.of("Collection<Long>", "{'type':'array','items':{'type':'integer'}}"),
        Arguments.of(
            "Set<String>", "{'type':'array','items':{'type':'string'},'uniqueItems':true}"),
        Arguments.of("String[]", "{'type':'array','items':{'type':'string'}}"),
        Arguments.of("int[][]", "{'type':'array','items':{'type':'array','items':{'type':'integer'}}}"),
        Arguments.of(
            "Map<String, Integer>", "{'type':'object','additionalProperties':{'type':'integer'}}"),
        Arguments.of(
            "Map<String, List<String>>",
            "{'type':'object','additionalProperties':{'type':'array','items':{'type':'string'}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void componentType(String javaType, String expected) {
    Schemas schemas = Schemas.ofComponent(javaType + " v");
    assertThat(schemas.property("v")).isEqualTo(json(expected));
    assertThat(schemas.json().get("required")).isEqualTo(json("['v']"));
    assertThat(schemas.json().get("additionalProperties").asBoolean()).isFalse();
  }

  static Stream<Arguments> constraints() {
    return Stream.of(
        Arguments.of("@Min(1) @Max(5) int", "{'type':'integer','minimum':1,'maximum':5}"),
        Arguments.of(
            "@DecimalMin(value = \"0.5\", inclusive = false) @DecimalMax(\"10\") BigDecimal",
            "{'type':'number','exclusiveMinimum':0.5,'maximum':10}"),
        Arguments.of("@Positive int", "{'type':'integer','exclusiveMinimum':0}"),
        Arguments.of("@PositiveOrZero long", "{'type':'integer','minimum':0}"),
        Arguments.of("@Negative double", "{'type':'number','exclusiveMaximum':0}"),
        Arguments.of("@NegativeOrZero Integer", "{'type':'integer','maximum':0}"),
        Arguments.of(
            "@Size(min = 2, max = 5) String", "{'type':'string','minLength':2,'maxLength':5}"),
        Arguments.of(
            "@Size(max = 3) List<String>",
            "{'type':'array','items':{'type':'string'},'maxItems':3}"),
        Arguments.of(
            "@Size(min = 1) Map<String, String>",
            "{'type':'object','additionalProperties':{'type':'string'},'minProperties':1}"),
        Arguments.of(
            "@NotEmpty List<String>", "{'type':'array','items':{'type':'string'},'minItems':1}"),
        Arguments.of("@NotEmpty String", "{'type':'string','minLength':1}"),
        Arguments.of("@Email String", "{'type':'string','format':'email'}"),
        Arguments.of(
            "List<@Size(max = 4) String>",
            "{'type':'array','items':{'type':'string','maxLength':4}}"),
        Arguments.of("@NotNull String", "{'type':'string'}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constraints")
  void jakartaConstraint(String javaType, String expected) {
    assertThat(Schemas.ofComponent(javaType + " v").property("v")).isEqualTo(json(expected));
  }

  @Test
  void javaxConstraintsToo() {
    JavaFileObject max =
        com.google.testing.compile.JavaFileObjects.forSourceLines(
            "javax.validation.constraints.Max",
            "package javax.validation.constraints;",
            "public @interface Max { long value(); }");
    assertThat(Schemas.ofComponent("@javax.validation.constraints.Max(9) int v", max).property("v"))
        .isEqualTo(json("{'type':'integer','maximum':9}"));
  }

  @Test
  void notBlankAndPattern() {
    Schemas schemas = Schemas.ofComponent("@NotBlank String a, @Pattern(regexp = \"[A-Z]{3}\") String b");
    assertThat(schemas.property("a").get("minLength").asInt()).isEqualTo(1);
    assertThat(schemas.property("a").get("pattern").asString()).isEqualTo("\\S");
    // Bean Validation matches the whole value, JSON Schema searches in it: anchor it.
    assertThat(schemas.property("b").get("pattern").asString()).isEqualTo("^(?:[A-Z]{3})$");
    assertThat(schemas.validate("{\"a\":\" x \",\"b\":\"EUR\"}")).isEmpty();
    assertThat(schemas.validate("{\"a\":\"   \",\"b\":\"EUR\"}")).isNotEmpty();
    assertThat(schemas.validate("{\"a\":\"x\",\"b\":\"EURO\"}")).isNotEmpty();
  }

  @Test
  void localDateTimeAndLocalTimeHaveNoOffset() {
    Schemas schemas = Schemas.ofComponent("LocalDateTime at, LocalTime time");
    assertThat(schemas.property("at").has("format")).isFalse();
    assertThat(schemas.property("at").get("description").asString())
        .contains("without offset");
    assertThat(schemas.validate("{\"at\":\"2024-05-01T13:45:00\",\"time\":\"13:45\"}")).isEmpty();
    assertThat(schemas.validate("{\"at\":\"2024-05-01T13:45:00.123456789\",\"time\":\"13:45:01\"}"))
        .isEmpty();
    assertThat(schemas.validate("{\"at\":\"2024-05-01\",\"time\":\"1pm\"}")).hasSize(2);
  }

  @Test
  void optionalAndNullableComponentsAreNotRequiredAndAcceptNull() {
    JavaFileObject nullable =
        source(
            "Nullable",
            "import java.lang.annotation.*;",
            "@Target({ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER,"
                + " ElementType.METHOD, ElementType.RECORD_COMPONENT})",
            "public @interface Nullable {}");
    Schemas schemas =
        Schemas.ofComponent(
            "String name, Optional<LocalDate> date, @Nullable String note,"
                + " Optional<List<String>> tags",
            nullable);
    assertThat(schemas.json().get("required")).isEqualTo(json("['name']"));
    assertThat(schemas.property("date"))
        .isEqualTo(json("{'type':['string','null'],'format':'date'}"));
    assertThat(schemas.property("note")).isEqualTo(json("{'type':['string','null']}"));
    assertThat(schemas.property("tags"))
        .isEqualTo(json("{'anyOf':[{'type':'array','items':{'type':'string'}},{'type':'null'}]}"));
    assertThat(schemas.strict().get("required"))
        .isEqualTo(json("['name','date','note','tags']"));
    assertThat(schemas.validate("{\"name\":\"a\"}")).isEmpty();
    assertThat(schemas.validate("{\"name\":\"a\",\"date\":null,\"note\":null,\"tags\":null}"))
        .isEmpty();
  }

  @Test
  void enumWithConstantDescriptions() {
    JavaFileObject color =
        source(
            "Color",
            "/** A colour. */",
            "public enum Color {",
            "  /** Like blood. */ RED,",
            "  @Description(\"like grass\") GREEN,",
            "  BLUE",
            "}");
    assertThat(Schemas.ofComponent("Color v", color).property("v"))
        .isEqualTo(
            json(
                "{'type':'string','description':'A colour. RED: Like blood.; GREEN: like grass',"
                    + "'enum':['RED','GREEN','BLUE']}"));
  }

  @Test
  void descriptionsFromAnnotationsAndJavadoc() {
    JavaFileObject item =
        source(
            "Item",
            "/**",
            " * A line of a receipt.",
            " *",
            " * More detail that stays out of the schema.",
            " *",
            " * @param name the name, {@code as printed}",
            " * @param quantity how many",
            " */",
            "public record Item(String name, @Description(\"units bought\") int quantity) {}");
    JsonNode schema = Schemas.of("Item", item).json();
    assertThat(schema.get("description").asString()).isEqualTo("A line of a receipt.");
    assertThat(schema.get("properties").get("name").get("description").asString())
        .isEqualTo("the name, as printed");
    assertThat(schema.get("properties").get("quantity").get("description").asString())
        .isEqualTo("units bought");
  }

  @Test
  void recordUsedOnceIsInlined() {
    JavaFileObject address = source("Address", "public record Address(String city) {}");
    Schemas schemas = Schemas.ofComponent("Address home", address);
    assertThat(schemas.property("home"))
        .isEqualTo(
            json(
                "{'type':'object','properties':{'city':{'type':'string'}},'required':['city'],"
                    + "'additionalProperties':false}"));
    assertThat(schemas.json().has("$defs")).isFalse();
  }

  @Test
  void recordUsedTwiceGoesToDefs() {
    JavaFileObject address = source("Address", "public record Address(String city) {}");
    Schemas schemas = Schemas.ofComponent("Address home, List<Address> others", address);
    assertThat(schemas.property("home")).isEqualTo(json("{'$ref':'#/$defs/Address'}"));
    assertThat(schemas.property("others"))
        .isEqualTo(json("{'type':'array','items':{'$ref':'#/$defs/Address'}}"));
    assertThat(schemas.json().get("$defs").get("Address").get("properties").get("city"))
        .isEqualTo(json("{'type':'string'}"));
    assertThat(schemas.validate("{\"home\":{\"city\":\"A\"},\"others\":[{\"city\":\"B\"}]}"))
        .isEmpty();
    assertThat(schemas.validate("{\"home\":{\"city\":1},\"others\":[]}")).isNotEmpty();
  }

  @Test
  void recursiveRootRefersToItself() {
    JavaFileObject node =
        source("Node", "public record Node(String name, List<Node> children) {}");
    Schemas schemas = Schemas.of("Node", node);
    assertThat(schemas.json().get("type").asString()).isEqualTo("object");
    assertThat(schemas.property("children"))
        .isEqualTo(json("{'type':'array','items':{'$ref':'#'}}"));
    assertThat(schemas.validate("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[]}]}"))
        .isEmpty();
    assertThat(schemas.validate("{\"name\":\"a\",\"children\":[{\"name\":2,\"children\":[]}]}"))
        .isNotEmpty();
  }

  @Test
  void recursiveTypeBelowTheRootGoesToDefs() {
    JavaFileObject node =
        source("Node", "public record Node(String name, Optional<Node> parent) {}");
    Schemas schemas = Schemas.of("List<Node>", node);
    assertThat(schemas.property("value"))
        .isEqualTo(json("{'type':'array','items':{'$ref':'#/$defs/Node'}}"));
    assertThat(schemas.json().get("$defs").get("Node").get("properties").get("parent"))
        .isEqualTo(json("{'anyOf':[{'$ref':'#/$defs/Node'},{'type':'null'}]}"));
    assertThat(schemas.validate("{\"value\":[{\"name\":\"a\",\"parent\":{\"name\":\"b\"}}]}"))
        .isEmpty();
  }

  @Test
  void sealedInterfaceOfRecordsIsATaggedUnion() throws Exception {
    JavaFileObject shape =
        source(
            "Shape",
            "public sealed interface Shape permits Shape.Circle, Shape.Square {",
            "  record Circle(double radius) implements Shape {}",
            "  record Square(double side) implements Shape {}",
            "}");
    Schemas schemas = Schemas.ofComponent("List<Shape> shapes", shape);
    assertThat(schemas.property("shapes").get("items"))
        .isEqualTo(
            json(
                "{'anyOf':["
                    + "{'type':'object','properties':{'type':{'const':'Circle'},"
                    + "'radius':{'type':'number'}},'required':['type','radius'],"
                    + "'additionalProperties':false},"
                    + "{'type':'object','properties':{'type':{'const':'Square'},"
                    + "'side':{'type':'number'}},'required':['type','side'],"
                    + "'additionalProperties':false}]}"));
    assertThat(schemas.validate("{\"shapes\":[{\"type\":\"Circle\",\"radius\":1}]}")).isEmpty();
    assertThat(schemas.validate("{\"shapes\":[{\"type\":\"Circle\",\"side\":1}]}")).isNotEmpty();
    Object method = Compiler.constant(schemas.classes(), "test.ReaderImpl", "READ");
    Object unions = method.getClass().getMethod("unions").invoke(method);
    assertThat(unions.toString())
        .contains("type=interface test.Shape", "tagProperty=type")
        .contains("Circle=class test.Shape$Circle", "Square=class test.Shape$Square");
  }

  @Test
  void optionalResultIsWrappedAndNullable() {
    JavaFileObject receipt = source("Receipt", "public record Receipt(String merchant) {}");
    Schemas schemas = Schemas.of("Optional<Receipt>", receipt);
    assertThat(schemas.json())
        .isEqualTo(
            json(
                "{'type':'object','properties':{'value':{'anyOf':[{'type':'object','properties':"
                    + "{'merchant':{'type':'string'}},'required':['merchant'],"
                    + "'additionalProperties':false},{'type':'null'}]}},'required':['value'],"
                    + "'additionalProperties':false}"));
    assertThat(schemas.validate("{\"value\":null}")).isEmpty();
  }

  @Test
  void scalarAndEnumResultsAreWrapped() {
    assertThat(Schemas.of("int").json())
        .isEqualTo(
            json(
                "{'type':'object','properties':{'value':{'type':'integer'}},'required':['value'],"
                    + "'additionalProperties':false}"));
    JavaFileObject color = source("Color", "public enum Color { RED }");
    assertThat(Schemas.of("Extraction<Color>", color).property("value"))
        .isEqualTo(json("{'type':'string','enum':['RED']}"));
  }

  @Test
  void strictDialectRestatesWhatItCannotSay() {
    Schemas schemas =
        Schemas.ofComponent(
            "@Size(min = 3, max = 10) String code, Set<String> tags, URI site, char initial,"
                + " @NotBlank String name, @Size(max = 2) List<String> two, UUID id");
    JsonNode strict = schemas.strict();
    assertThat(strict.get("properties").get("code"))
        .isEqualTo(
            json(
                "{'type':'string','description':'Must be at least 3 characters. Must be at most"
                    + " 10 characters.'}"));
    assertThat(strict.get("properties").get("tags"))
        .isEqualTo(
            json("{'type':'array','description':'Items must be unique.','items':{'type':'string'}}"));
    assertThat(strict.get("properties").get("site"))
        .isEqualTo(json("{'type':'string','description':'Must be a valid uri.'}"));
    assertThat(strict.get("properties").get("initial"))
        .isEqualTo(json("{'type':'string','description':'Must be exactly 1 character.'}"));
    assertThat(strict.get("properties").get("name").get("description").asString())
        .isEqualTo("Must not be empty.");
    assertThat(strict.get("properties").get("name").get("pattern").asString()).isEqualTo("\\S");
    assertThat(strict.get("properties").get("two"))
        .isEqualTo(json("{'type':'array','items':{'type':'string'},'maxItems':2}"));
    assertThat(strict.get("properties").get("id"))
        .isEqualTo(json("{'type':'string','format':'uuid'}"));
    assertThat(strict.get("additionalProperties").asBoolean()).isFalse();
  }

  @Test
  void strictDialectMakesOptionalPropertiesRequiredAndNullable() {
    Schemas schemas = Schemas.ofComponent("String a, Optional<Integer> b");
    assertThat(schemas.strict().get("required")).isEqualTo(json("['a','b']"));
    assertThat(schemas.strictProperty("b")).isEqualTo(json("{'type':['integer','null']}"));
    assertThat(schemas.validateStrict("{\"a\":\"x\",\"b\":null}")).isEmpty();
    assertThat(schemas.validateStrict("{\"a\":\"x\"}")).isNotEmpty();
    // What the strict schema lets through, the standard one accepts too.
    assertThat(schemas.validate("{\"a\":\"x\",\"b\":null}")).isEmpty();
  }

  @Test
  void strictDialectPutsNoKeywordBesideARef() {
    JavaFileObject address = source("Address", "public record Address(String city) {}");
    Schemas schemas =
        Schemas.ofComponent(
            "@Description(\"where they live\") Address home, Address work,"
                + " @Description(\"if any\") Optional<Address> holiday",
            address);
    assertThat(schemas.property("home"))
        .isEqualTo(json("{'$ref':'#/$defs/Address','description':'where they live'}"));
    assertThat(schemas.strictProperty("home"))
        .isEqualTo(
            json(
                "{'type':'object','description':'where they live','properties':{'city':"
                    + "{'type':'string'}},'required':['city'],'additionalProperties':false}"));
    assertThat(schemas.strictProperty("work")).isEqualTo(json("{'$ref':'#/$defs/Address'}"));
    assertThat(schemas.strictProperty("holiday"))
        .isEqualTo(
            json("{'anyOf':[{'$ref':'#/$defs/Address'},{'type':'null'}],'description':'if any'}"));
  }

  @Test
  void mapsHaveNoStrictSchema() throws Exception {
    Schemas schemas = Schemas.ofComponent("Map<String, Integer> counts");
    assertThat(schemas.strictSchema()).isNull();
    Object method = Compiler.constant(schemas.classes(), "test.ReaderImpl", "READ");
    assertThat(method.getClass().getMethod("strictSchema").invoke(method)).isNull();
  }

  @Test
  void classWithCanonicalConstructor() {
    JavaFileObject money =
        source(
            "Money",
            "public final class Money {",
            "  private final BigDecimal amount;",
            "  /** ISO 4217 code. */",
            "  private final String currency;",
            "  public Money(BigDecimal amount, @Size(min = 3, max = 3) String currency) {",
            "    this.amount = amount;",
            "    this.currency = currency;",
            "  }",
            "}");
    Schemas schemas = Schemas.of("Money", money);
    assertThat(schemas.json())
        .isEqualTo(
            json(
                "{'type':'object','properties':{'amount':{'type':'number'},"
                    + "'currency':{'type':'string','description':'ISO 4217 code.',"
                    + "'minLength':3,'maxLength':3}},'required':['amount','currency'],"
                    + "'additionalProperties':false}"));
  }

  @Test
  void aliasesOfComponentsAreWrittenNextToTheirSchema() {
    Schemas schemas =
        Schemas.ofComponent(
            "String name, @Alias({\"qty\", \"count\"}) int quantity,"
                + " @Alias(\"mail\") Optional<String> email");
    assertThat(schemas.property("name").has(SchemaWriter.ALIASES)).isFalse();
    assertThat(schemas.property("quantity"))
        .isEqualTo(json("{'type':'integer','x-quarry-aliases':['qty','count']}"));
    assertThat(schemas.property("email"))
        .isEqualTo(json("{'type':['string','null'],'x-quarry-aliases':['mail']}"));
    assertThat(schemas.validate("{\"name\":\"a\",\"quantity\":2}")).isEmpty();
  }

  @Test
  void aliasesAreLeftOutOfTheStrictSchema() {
    JavaFileObject sentiment =
        source(
            "Sentiment",
            "public enum Sentiment { @Alias(\"pos\") POSITIVE, NEUTRAL, @Alias(\"neg\") NEGATIVE }");
    Schemas schemas =
        Schemas.ofComponent("@Alias(\"qty\") int quantity, Sentiment sentiment", sentiment);
    assertThat(schemas.strictSchema()).doesNotContain(SchemaWriter.ALIASES);
    assertThat(schemas.strictProperty("quantity")).isEqualTo(json("{'type':'integer'}"));
    assertThat(schemas.validateStrict("{\"quantity\":2,\"sentiment\":\"NEUTRAL\"}")).isEmpty();
  }

  @Test
  void aliasesOfEnumConstantsAreMappedOnTheEnum() {
    JavaFileObject sentiment =
        source(
            "Sentiment",
            "public enum Sentiment {",
            "  @Alias(\"pos\") POSITIVE,",
            "  NEUTRAL,",
            "  @Alias({\"neg\", \"bad\"}) NEGATIVE",
            "}");
    Schemas schemas = Schemas.of("Sentiment", sentiment);
    assertThat(schemas.json().get("properties").get("value"))
        .isEqualTo(
            json(
                "{'type':'string','enum':['POSITIVE','NEUTRAL','NEGATIVE'],"
                    + "'x-quarry-aliases':{'POSITIVE':['pos'],'NEGATIVE':['neg','bad']}}"));
    assertThat(schemas.validate("{\"value\":\"NEGATIVE\"}")).isEmpty();
    assertThat(schemas.strictSchema()).doesNotContain(SchemaWriter.ALIASES);
  }

  @Test
  void aliasOnAConstructorParameter() {
    JavaFileObject money =
        source(
            "Money",
            "public final class Money {",
            "  private final BigDecimal amount;",
            "  public Money(@Alias(\"value\") BigDecimal amount) { this.amount = amount; }",
            "}");
    assertThat(Schemas.of("Money", money).property("amount"))
        .isEqualTo(json("{'type':'number','x-quarry-aliases':['value']}"));
  }

  @Test
  void genericRecordWithConcreteArguments() {
    JavaFileObject page = source("Page", "public record Page<T>(List<T> items, int total) {}");
    JavaFileObject person = source("Person", "public record Person(String name) {}");
    Schemas schemas = Schemas.ofComponent("Page<Person> people, Page<String> names", page, person);
    assertThat(schemas.property("people").get("properties").get("items").get("items"))
        .isEqualTo(
            json(
                "{'type':'object','properties':{'name':{'type':'string'}},'required':['name'],"
                    + "'additionalProperties':false}"));
    assertThat(schemas.property("names").get("properties").get("items").get("items"))
        .isEqualTo(json("{'type':'string'}"));
  }

  @Test
  void schemasAreValidJsonAndDeterministic() {
    JavaFileObject node =
        source("Node", "public record Node(String name, List<Node> children, Map<String, Node> byName) {}");
    Schemas first = Schemas.of("List<Node>", node);
    Schemas second = Schemas.of("List<Node>", node);
    assertThat(first.schema()).isEqualTo(second.schema());
    assertThat(first.json().isObject()).isTrue();
  }
}
