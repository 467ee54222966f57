package dev.quarry.processor;

import dev.quarry.processor.MethodModel.Attachment;
import dev.quarry.processor.MethodModel.Literal;
import dev.quarry.processor.MethodModel.Placeholder;
import dev.quarry.processor.MethodModel.PromptPart;
import dev.quarry.processor.MethodModel.UserMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Splits a {@code @Prompt} template into literal text and placeholders, and checks each
 * placeholder against the method's parameters and each parameter against the placeholders.
 * {@code Image} and {@code Document} parameters are not text: they are attached after it.
 */
final class PromptReader {
  static final String IMAGE = "dev.quarry.Image";
  static final String DOCUMENT = "dev.quarry.Document";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern PATH =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

  private final Elements elements;
  private final Types types;
  private final Report report;

  PromptReader(Elements elements, Types types, Report report) {
    this.elements = elements;
    this.types = types;
    this.report = report;
  }

  /**
   * The user message of {@code method}, whose parameter types are {@code parameterTypes}: the
   * parts of {@code prompt}'s template and the attachments; {@code null} when a placeholder or
   * parameter is wrong (reported).
   */
  UserMessage read(
      ExecutableElement method,
      List<? extends TypeMirror> parameterTypes,
      AnnotationMirror prompt,
      AnnotationValue template,
      String methodName) {
    String text = (String) template.getValue();
    List<? extends VariableElement> parameters = method.getParameters();
    List<PromptPart> parts = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    boolean valid = true;
    Map<String, Attachment> attachments = new LinkedHashMap<>();
    // The conversation and LabelSets shape the call, not the prompt's text (CallInputs).
    Set<String> callInputs = new LinkedHashSet<>();
    String conversation = null;
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement parameter = parameters.get(i);
      String name = parameter.getSimpleName().toString();
      TypeMirror type = parameterTypes.get(i);
      if (CallInputs.isLabelSet(type)) {
        callInputs.add(name);
        continue;
      }
      if (CallInputs.isConversation(type, elements, types)) {
        if (Annotations.isNullable(parameter)) {
          report.error(Messages.nullableConversation(methodName, name), parameter);
          valid = false;
        }
        if (conversation != null) {
          report.error(Messages.twoConversations(methodName, conversation, name), parameter);
          valid = false;
        }
        conversation = conversation == null ? name : conversation;
        callInputs.add(name);
        continue;
      }
      if (CallInputs.misusedConversation(type, elements, types)) {
        report.error(
            Messages.conversationType(methodName, name, TypeReader.display(type)), parameter);
        used.add(name);
        valid = false;
        continue;
      }
      if (isMedia(type) || isMediaList(type)) {
        if (Annotations.isNullable(parameter)) {
          report.error(
              Messages.nullableAttachment(methodName, name, TypeReader.display(type)), parameter);
          valid = false;
        }
        attachments.put(name, new Attachment(name, !isMedia(type)));
        continue;
      }
      TypeMirror media = mediaInside(type);
      if (media != null) {
        report.error(
            Messages.attachmentContainer(
                methodName, name, TypeReader.display(type), TypeReader.display(media)),
            parameter);
        used.add(name);
        valid = false;
      }
    }
    Matcher m = PLACEHOLDER.matcher(text);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        parts.add(new Literal(text.substring(last, m.start())));
      }
      last = m.end();
      String placeholder = m.group(1).trim();
      if (!PATH.matcher(placeholder).matches()) {
        report.error(Messages.malformedPlaceholder(m.group(1)), method, prompt, template);
        valid = false;
        continue;
      }
      String[] path = placeholder.split("\\.");
      int index = indexOf(parameters, path[0]);
      if (index < 0) {
        String names =
            parameters.isEmpty()
                ? "none"
                : parameters.stream()
                    .map(p -> p.getSimpleName().toString())
                    .collect(Collectors.joining(", "));
        report.error(
            Messages.unknownPlaceholder(placeholder, path[0], methodName, names),
            method,
            prompt,
            template);
        valid = false;
        continue;
      }
      used.add(path[0]);
      if (path[0].equals(conversation)) {
        report.error(
            Messages.conversationPlaceholder(placeholder, path[0], methodName),
            method,
            prompt,
            template);
        valid = false;
        continue;
      }
      if (attachments.containsKey(path[0])) {
        report.error(
            Messages.attachmentPlaceholder(
                placeholder, path[0], TypeReader.display(parameterTypes.get(index)), methodName),
            method,
            prompt,
            template);
        valid = false;
        continue;
      }
      List<String> accessors = new ArrayList<>();
      TypeMirror type = parameterTypes.get(index);
      for (int i = 1; i < path.length && type != null; i++) {
        ExecutableElement accessor = accessor(type, path[i]);
        if (accessor == null) {
          report.error(
              Messages.badPlaceholderPath(
                  placeholder, path[i], TypeReader.display(type), available(type)),
              method,
              prompt,
              template);
          valid = false;
          type = null;
          break;
        }
        accessors.add(accessor.getSimpleName().toString());
        type = ((ExecutableType) types.asMemberOf((DeclaredType) type, accessor)).getReturnType();
      }
      if (type != null) {
        parts.add(new Placeholder(path[0], List.copyOf(accessors)));
      }
    }
    if (last < text.length()) {
      parts.add(new Literal(text.substring(last)));
    }
    for (VariableElement parameter : parameters) {
      String name = parameter.getSimpleName().toString();
      if (!used.contains(name) && !attachments.containsKey(name) && !callInputs.contains(name)) {
        report.error(Messages.unusedParameter(name, methodName), parameter);
        valid = false;
      }
    }
    return valid
        ? new UserMessage(List.copyOf(parts), List.copyOf(attachments.values()))
        : null;
  }

  private static boolean isMedia(TypeMirror type) {
    return TypeReader.isDeclared(type, IMAGE) || TypeReader.isDeclared(type, DOCUMENT);
  }

  private static boolean isMediaList(TypeMirror type) {
    return TypeReader.isDeclared(type, "java.util.List")
        && ((DeclaredType) type).getTypeArguments().size() == 1
        && isMedia(((DeclaredType) type).getTypeArguments().get(0));
  }

  /** The {@code Image} or {@code Document} type inside an array or a type argument, if any. */
  private static TypeMirror mediaInside(TypeMirror type) {
    List<TypeMirror> inner = new ArrayList<>();
    if (type.getKind() == TypeKind.ARRAY) {
      inner.add(((ArrayType) type).getComponentType());
    } else if (type.getKind() == TypeKind.DECLARED) {
      inner.addAll(((DeclaredType) type).getTypeArguments());
    } else if (type.getKind() == TypeKind.WILDCARD) {
      WildcardType wildcard = (WildcardType) type;
      if (wildcard.getExtendsBound() != null) {
        inner.add(wildcard.getExtendsBound());
      }
    }
    for (TypeMirror t : inner) {
      TypeMirror media = isMedia(t) ? t : mediaInside(t);
      if (media != null) {
        return media;
      }
    }
    return null;
  }

  private static int indexOf(List<? extends VariableElement> parameters, String name) {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).getSimpleName().contentEquals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The record accessor {@code name()}, or the public getter {@code getName()/name()/isName()}. */
  private ExecutableElement accessor(TypeMirror type, String name) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if (element.getKind() == ElementKind.RECORD) {
      for (RecordComponentElement component : element.getRecordComponents()) {
        if (component.getSimpleName().contentEquals(name)) {
          return component.getAccessor();
        }
      }
    }
    String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (String candidate : List.of("get" + capitalized, name, "is" + capitalized)) {
      for (ExecutableElement method : getters(element)) {
        if (method.getSimpleName().contentEquals(candidate)) {
          return method;
        }
      }
    }
    return null;
  }

  private List<ExecutableElement> getters(TypeElement element) {
    List<ExecutableElement> getters = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (method.getModifiers().contains(Modifier.PUBLIC)
          && !method.getModifiers().contains(Modifier.STATIC)
          && method.getParameters().isEmpty()
          && method.getReturnType().getKind() != TypeKind.VOID
          && !isObjectMethod(method)) {
        getters.add(method);
      }
    }
    return getters;
  }

  private static boolean isObjectMethod(Element method) {
    String name = method.getSimpleName().toString();
    return name.equals("hashCode") || name.equals("toString") || name.equals("getClass");
  }

  private String available(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return "nothing, " + TypeReader.display(type) + " has no components";
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    Set<String> names = new LinkedHashSet<>();
    if (element.getKind() == ElementKind.RECORD) {
      for (RecordComponentElement component : element.getRecordComponents()) {
        names.add(component.getSimpleName().toString());
      }
    }
    for (ExecutableElement getter : getters(element)) {
      String name = getter.getSimpleName().toString();
      if (name.startsWith("get") && name.length() > 3) {
        name = Character.toLowerCase(name.charAt(3)) + name.substring(4);
      } else if (name.startsWith("is") && name.length() > 2) {
        name = Character.toLowerCase(name.charAt(2)) + name.substring(3);
      }
      names.add(name);
    }
    return names.isEmpty() ? "nothing" : String.join(", ", names);
  }
}
