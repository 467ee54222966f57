package dev.quarry.processor;

import java.util.List;

/**
 * How a Java type appears in an answer: a JSON scalar, an array, a string-keyed map, or a
 * reference to a record, enum or sealed interface held in the {@link TypeReader}'s registry.
 * Constraints are the schema keywords that Jakarta annotations on this use add.
 */
sealed interface TypeUse {
  List<Constraint> constraints();

  TypeUse withConstraints(List<Constraint> constraints);

  /** One schema keyword and its value, e.g. {@code minLength: 3}. */
  record Constraint(String keyword, Object value) {}

  /** A JSON string, number, integer or boolean, with what the Java type adds to it. */
  record Scalar(ScalarKind kind, List<Constraint> constraints) implements TypeUse {
    @Override
    public Scalar withConstraints(List<Constraint> constraints) {
      return new Scalar(kind, constraints);
    }
  }

  /** A list, set, collection or array. */
  record ArrayOf(TypeUse items, boolean unique, List<Constraint> constraints) implements TypeUse {
    @Override
    public ArrayOf withConstraints(List<Constraint> constraints) {
      return new ArrayOf(items, unique, constraints);
    }
  }

  /** A {@code Map<String, V>}. */
  record MapOf(TypeUse values, List<Constraint> constraints) implements TypeUse {
    @Override
    public MapOf withConstraints(List<Constraint> constraints) {
      return new MapOf(values, constraints);
    }
  }

  /** A record, class, enum or sealed interface, by its key in the registry. */
  record Named(String key, List<Constraint> constraints) implements TypeUse {
    @Override
    public Named withConstraints(List<Constraint> constraints) {
      return new Named(key, constraints);
    }
  }
}
