package dev.quarry.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The diagnostics found while reading one interface. They are held back until the interface is
 * known to be complete: an interface that refers to a type another processor has not generated
 * yet is read again in the next round, and what was found the first time is dropped.
 */
final class Report {
  private record Entry(
      Diagnostic.Kind kind,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {}

  private final List<Entry> entries = new ArrayList<>();

  void error(String message, Element element) {
    entries.add(new Entry(Diagnostic.Kind.ERROR, message, element, null, null));
  }

  void error(String message, Element element, AnnotationMirror annotation) {
    entries.add(new Entry(Diagnostic.Kind.ERROR, message, element, annotation, null));
  }

  void error(
      String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
    entries.add(new Entry(Diagnostic.Kind.ERROR, message, element, annotation, value));
  }

  void note(String message, Element element) {
    entries.add(new Entry(Diagnostic.Kind.NOTE, message, element, null, null));
  }

  boolean hasErrors() {
    return entries.stream().anyMatch(e -> e.kind == Diagnostic.Kind.ERROR);
  }

  void printTo(Messager messager) {
    for (Entry e : entries) {
      if (e.value != null) {
        messager.printMessage(e.kind, e.message, e.element, e.annotation, e.value);
      } else if (e.annotation != null) {
        messager.printMessage(e.kind, e.message, e.element, e.annotation);
      } else {
        messager.printMessage(e.kind, e.message, e.element);
      }
    }
  }
}
