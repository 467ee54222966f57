package dev.quarry.call;

import dev.quarry.spi.ExtractMethod;
import dev.quarry.validate.Binder;
import dev.quarry.validate.JavaChecks;
import dev.quarry.validate.SchemaValidation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the elements of a list result as they complete: where the list is in the answer, and
 * how one element is validated (the element's subschema) and bound (the element type).
 */
final class ElementReader {
  final String pointer;
  final SchemaValidation validation;
  final Binder<Object> binder;

  private ElementReader(String pointer, SchemaValidation validation, Binder<Object> binder) {
    this.pointer = pointer;
    this.validation = validation;
    this.binder = binder;
  }

  /** A reader when the method returns a list, array or collection in a wrapper; else null. */
  static ElementReader of(ExtractMethod<?> method) {
    String wrapper = method.wrapperProperty();
    Type elementType = elementType(method.resultType().getType());
    if (wrapper == null || elementType == null) {
      return null;
    }
    JsonNode root = method.schemaNode();
    JsonNode items = itemsOf(root, root.path("properties").path(wrapper));
    if (items == null || !items.isObject()) {
      return null;
    }
    ObjectNode schema = ((ObjectNode) items).deepCopy();
    for (String defs : new String[] {"$defs", "definitions"}) {
      if (root.has(defs) && !schema.has(defs)) {
        schema.set(defs, root.get(defs));
      }
    }
    TypeReference<Object> type = new TypeReference<>() {
      @Override
      public Type getType() {
        return elementType;
      }
    };
    ExtractMethod.Builder<Object> element =
        ExtractMethod.builder(method.owner(), method.methodName(), type).schema(schema.toString());
    for (ExtractMethod.Union union : method.unions()) {
      element.union(union.type(), union.tagProperty(), union.variants());
    }
    return new ElementReader(
        "/" + wrapper.replace("~", "~0").replace("/", "~1"), SchemaValidation.of(schema),
        Binder.of(element.build()));
  }

  private static JsonNode itemsOf(JsonNode root, JsonNode list) {
    for (int hops = 0; list != null && hops < 8; hops++) {
      if (list.has("items")) {
        return list.get("items");
      }
      JsonNode ref = list.get("$ref");
      if (ref != null && ref.isString() && ref.stringValue().startsWith("#")) {
        list = root.at(ref.stringValue().substring(1));
        continue;
      }
      JsonNode branches = list.has("anyOf") ? list.get("anyOf") : list.get("oneOf");
      JsonNode array = null;
      if (branches != null) {
        for (JsonNode branch : branches) {
          if (branch.has("items")) {
            array = branch;
          }
        }
      }
      list = array;
    }
    return null;
  }

  private static Type elementType(Type type) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getRawType() instanceof Class<?> raw
        && Collection.class.isAssignableFrom(raw)
        && parameterized.getActualTypeArguments().length == 1) {
      return parameterized.getActualTypeArguments()[0];
    }
    if (type instanceof GenericArrayType array) {
      return array.getGenericComponentType();
    }
    if (type instanceof Class<?> c && c.isArray()) {
      return c.getComponentType();
    }
    return null;
  }

  /** The bound element, or null when it breaks its schema or a Java check. */
  Object read(JsonNode element, JavaChecks checks, boolean typesHaveChecks) {
    if (!validation.validate(element).isEmpty()) {
      return null;
    }
    Object value;
    try {
      value = binder.bind(element);
    } catch (Binder.BindingFailed e) {
      return null;
    }
    return value == null || !checks.validate(value, typesHaveChecks).isEmpty() ? null : value;
  }
}
