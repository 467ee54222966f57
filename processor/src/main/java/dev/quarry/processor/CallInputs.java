package dev.quarry.processor;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The parameters that are neither prompt text nor attachments but shape the call: the
 * conversation so far (a {@code List<Message>}, sent before the prompt) and {@code LabelSet}s
 * (the labels of {@code @OneOf} fields, spliced into the schema on each call). Generated code
 * passes them as a call's view of the method constant: {@code
 * ROUTE.withConversation(chat).withLabels("queues", queues)}.
 */
final class CallInputs {
  static final String MESSAGE = "dev.quarry.Message";
  static final String LABEL_SET = "dev.quarry.LabelSet";
  static final String ONE_OF = "dev.quarry.OneOf";
  /** {@code ExtractMethod.labelsPlaceholder(name)}: the runtime splices the labels in here. */
  static final String PLACEHOLDER_PREFIX = "quarry:labels:";

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\"" + Pattern.quote(PLACEHOLDER_PREFIX) + "([^\"]*)\"");

  private CallInputs() {}

  static boolean isLabelSet(TypeMirror type) {
    return TypeReader.isDeclared(type, LABEL_SET);
  }

  /** A {@code List} of {@code Message} (or of one kind of message, or {@code ? extends} one). */
  static boolean isConversation(TypeMirror type, Elements elements, Types types) {
    if (!TypeReader.isDeclared(type, "java.util.List")) {
      return false;
    }
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    return arguments.size() == 1 && isMessage(bound(arguments.get(0)), elements, types);
  }

  /**
   * Whether {@code type} holds messages in a way that is not a conversation: one {@code Message},
   * an array, or another container of them.
   */
  static boolean misusedConversation(TypeMirror type, Elements elements, Types types) {
    if (isMessage(type, elements, types)) {
      return true;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return isMessage(bound(((ArrayType) type).getComponentType()), elements, types);
    }
    if (type.getKind() == TypeKind.DECLARED) {
      for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
        if (isMessage(bound(argument), elements, types)) {
          return true;
        }
      }
    }
    return false;
  }

  private static TypeMirror bound(TypeMirror type) {
    if (type.getKind() == TypeKind.WILDCARD) {
      TypeMirror extendsBound = ((WildcardType) type).getExtendsBound();
      return extendsBound;
    }
    return type;
  }

  private static boolean isMessage(TypeMirror type, Elements elements, Types types) {
    if (type == null || type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement message = elements.getTypeElement(MESSAGE);
    return message != null && types.isSubtype(types.erasure(type), types.erasure(message.asType()));
  }

  /** The conversation parameter of a checked method, or {@code null}. */
  static String conversation(ExecutableElement method, Elements elements, Types types) {
    for (VariableElement parameter : method.getParameters()) {
      if (isConversation(parameter.asType(), elements, types)) {
        return parameter.getSimpleName().toString();
      }
    }
    return null;
  }

  /** The {@code LabelSet} parameters of a method, in order. */
  static List<String> labelSets(ExecutableElement method) {
    List<String> names = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      if (isLabelSet(parameter.asType())) {
        names.add(parameter.getSimpleName().toString());
      }
    }
    return names;
  }

  /** The label names whose placeholders {@code schema} holds, in order of appearance. */
  static Set<String> labelsIn(String schema) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(schema);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Checks that each {@code @OneOf} in the result names a {@code LabelSet} parameter and each
   * {@code LabelSet} parameter is named by one; reports and returns {@code false} otherwise.
   */
  static boolean checkLabels(
      ExecutableElement method, String methodName, String schema, Report report) {
    List<String> labelSets = labelSets(method);
    Set<String> named = labelsIn(schema);
    boolean valid = true;
    for (String name : named) {
      if (!labelSets.contains(name)) {
        report.error(
            Messages.unknownLabels(
                methodName, name, labelSets.isEmpty() ? "none" : String.join(", ", labelSets)),
            method);
        valid = false;
      }
    }
    for (VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      if (isLabelSet(parameter.asType()) && !named.contains(name)) {
        report.error(Messages.unusedLabels(methodName, name), parameter);
        valid = false;
      }
    }
    return valid;
  }

  /**
   * What the generated method passes as the method: the constant, or a call's view of it with
   * the conversation and the labels.
   */
  static CodeBlock methodArgument(
      String constant, ExecutableElement method, Elements elements, Types types) {
    CodeBlock.Builder code = CodeBlock.builder().add("$L", constant);
    String conversation = conversation(method, elements, types);
    if (conversation != null) {
      code.add(".withConversation($N)", conversation);
    }
    for (String labels : labelSets(method)) {
      code.add(".withLabels($S, $N)", labels, labels);
    }
    return code.build();
  }
}
