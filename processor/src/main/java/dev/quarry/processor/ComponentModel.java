package dev.quarry.processor;

import java.util.Locale;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * Whether generated implementations carry dependency-injection annotations, from the processor
 * option {@value #OPTION}:
 *
 * <ul>
 *   <li>{@code jakarta}: {@code @jakarta.inject.Singleton} on the class and {@code
 *       @jakarta.inject.Inject} on its constructor, so Dagger, Guice, CDI and Micronaut can
 *       construct it;
 *   <li>{@code none}: no annotations, whatever is on the class path;
 *   <li>unset: {@code jakarta} when {@code jakarta.inject.Inject} is on the compile class path,
 *       else {@code none}.
 * </ul>
 */
enum ComponentModel {
  NONE,
  JAKARTA;

  static final String OPTION = "quarry.componentModel";
  static final String INJECT = "jakarta.inject.Inject";
  static final String SINGLETON = "jakarta.inject.Singleton";

  /** The component model of this compilation; an unusable option is reported as an error. */
  static ComponentModel resolve(Map<String, String> options, Elements elements, Messager messager) {
    String value = options.get(OPTION);
    boolean injectPresent = elements.getTypeElement(INJECT) != null;
    if (value == null || value.isBlank()) {
      return injectPresent ? JAKARTA : NONE;
    }
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "none":
        return NONE;
      case "jakarta":
        if (!injectPresent) {
          messager.printMessage(Diagnostic.Kind.ERROR, Messages.componentModelWithoutInject());
          return NONE;
        }
        return JAKARTA;
      default:
        messager.printMessage(Diagnostic.Kind.ERROR, Messages.unknownComponentModel(value));
        return NONE;
    }
  }
}
