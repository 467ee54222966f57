package dev.quarry.processor;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads annotations by qualified name through mirrors, so that the processor needs neither the
 * Quarry runtime nor Jakarta Validation on its class path.
 */
final class Annotations {
  private Annotations() {}

  static AnnotationMirror find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (qualifiedName(mirror).equals(qualifiedName)) {
        return mirror;
      }
    }
    return null;
  }

  static String qualifiedName(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  static String simpleName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName().toString();
  }

  /**
   * Whether {@code element} (a parameter, component or field) is marked {@code @Nullable}: any
   * annotation of that simple name, on the declaration or on its type (JSpecify, JSR 305,
   * JetBrains, Checker Framework...).
   */
  static boolean isNullable(Element element) {
    for (List<? extends AnnotationMirror> mirrors :
        List.of(element.getAnnotationMirrors(), element.asType().getAnnotationMirrors())) {
      for (AnnotationMirror mirror : mirrors) {
        if (simpleName(mirror).equals("Nullable")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The value of {@code name}, its default when not written. */
  static AnnotationValue value(Elements elements, AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    throw new IllegalArgumentException("no " + name + " in " + mirror);
  }
}
