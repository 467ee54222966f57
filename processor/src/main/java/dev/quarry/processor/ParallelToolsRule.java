package dev.quarry.processor;

import dev.quarry.processor.MethodModel.Returns;
import dev.quarry.processor.NamedType.ObjectType;
import dev.quarry.processor.NamedType.UnionType;
import dev.quarry.processor.TypeUse.ArrayOf;
import dev.quarry.processor.TypeUse.Named;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * {@code Mode.PARALLEL_TOOLS} needs a result that is a list of records, or of a sealed
 * interface's records (one tool per record), read whole. The error goes on the {@code @Prompt}'s
 * {@code mode} when the method chose the mode, else on the method (the interface chose it).
 */
final class ParallelToolsRule {
  private ParallelToolsRule() {}

  static boolean check(
      ExecutableElement method,
      String methodName,
      TypeMirror returnType,
      Returns returns,
      TypeUse result,
      Map<String, NamedType> registry,
      String mode,
      AnnotationMirror prompt,
      Report report) {
    if (!mode.equals("PARALLEL_TOOLS")) {
      return true;
    }
    AnnotationValue chosen = explicitMode(prompt);
    String where = chosen != null ? "@Prompt mode" : "the @LlmExtract mode";
    String shown = TypeReader.display(returnType);
    String message = null;
    if (StreamingBodies.streams(returns)) {
      message = Messages.parallelToolsStreaming(methodName, shown, where);
    } else if (!(result instanceof ArrayOf array && array.items() instanceof Named named
        && (registry.get(named.key()) instanceof ObjectType
            || registry.get(named.key()) instanceof UnionType))) {
      message = Messages.parallelToolsResult(methodName, shown, where);
    }
    if (message == null) {
      return true;
    }
    if (chosen != null) {
      report.error(message, method, prompt, chosen);
    } else {
      report.error(message, method);
    }
    return false;
  }

  private static AnnotationValue explicitMode(AnnotationMirror prompt) {
    for (var entry : prompt.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("mode")) {
        return entry.getValue();
      }
    }
    return null;
  }
}
