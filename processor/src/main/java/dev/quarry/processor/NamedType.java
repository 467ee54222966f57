package dev.quarry.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;

/** A record, class, enum or sealed interface that appears in an answer. */
sealed interface NamedType {
  /** The registry key: the type as written, with type arguments. */
  String key();

  /** The name used for {@code $defs} and union tags. */
  String name();

  ClassName className();

  /** From {@code @Description} or Javadoc; {@code null} when there is none. */
  String description();

  /** A JSON object: a record, or a class with a canonical constructor. */
  record ObjectType(
      String key, String name, ClassName className, String description, List<Property> properties)
      implements NamedType {}

  /**
   * One property of an object: a record component or a constructor parameter; {@code aliases}
   * are the other names the model may use for it ({@code @Alias}); {@code javaType} is its
   * declared Java type (with {@code Optional}), as a member of the object's type.
   */
  record Property(
      String name,
      TypeUse type,
      boolean required,
      String description,
      List<String> aliases,
      Element element,
      TypeMirror javaType) {}

  /**
   * An enum; {@code constantDescriptions} has one entry (or {@code null}) per constant, {@code
   * constantAliases} one list (maybe empty) per constant.
   */
  record EnumType(
      String key,
      String name,
      ClassName className,
      String description,
      List<String> constants,
      List<String> constantDescriptions,
      List<List<String>> constantAliases)
      implements NamedType {}

  /** A sealed interface whose permitted subclasses are records, told apart by a tag. */
  record UnionType(
      String key, String name, ClassName className, String description, List<String> variants)
      implements NamedType {
    /** The property that holds the record's simple name in each variant's object. */
    static final String TAG = "type";
  }
}
