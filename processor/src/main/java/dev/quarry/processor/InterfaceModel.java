package dev.quarry.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/** An {@code @LlmExtract} interface, checked and ready to generate. */
record InterfaceModel(
    TypeElement element,
    ClassName implName,
    String system,
    List<MethodModel> methods,
    Map<String, NamedType> types) {}
