package dev.quarry.processor;

/**
 * Every message the processor prints. Each one names the annotation, states the rule, says what
 * was found and how to fix it; each has a test.
 */
final class Messages {
  private Messages() {}

  static String notAnInterface(String name, String kind) {
    return String.format(
        "@LlmExtract applies to interfaces only, but %s is %s. Declare it as an interface whose"
            + " methods carry @Prompt.",
        name, kind);
  }

  static String genericInterface(String name, String typeParameters) {
    return String.format(
        "@LlmExtract interfaces cannot have type parameters, because each method's schema is"
            + " written at compile time; %s declares <%s>. Remove the type parameters and use"
            + " concrete types.",
        name, typeParameters);
  }

  static String privateInterface(String name) {
    return String.format(
        "@LlmExtract interfaces must be visible to their package, where the implementation is"
            + " generated, but %s is private. Make it package-private or public.",
        name);
  }

  static String missingPrompt(String iface, String method) {
    return String.format(
        "@LlmExtract interface %s: every abstract method needs @Prompt, but %s has none. Add"
            + " @Prompt(\"...\") with the user message, or make the method default.",
        iface, method);
  }

  static String voidReturn(String method) {
    return String.format(
        "@Prompt method %s must return what the model extracts, but it returns void. Declare the"
            + " result type, e.g. a record.",
        method);
  }

  /** {@code where} is e.g. {@code @Prompt of Reader.read(String)}. */
  static String negativeMaxRetries(String where, int found) {
    return String.format(
        "%s: maxRetries must be -1 (use the client's retry policy), 0 (no transport retries) or"
            + " a positive count, but it is %d. Use -1, 0 or more.",
        where, found);
  }

  // @Quote (issue 17): a record component quoting a text parameter of the method.

  static String quoteComponentType(String component, String found) {
    return String.format(
        "@Quote marks a passage copied from a text, so the component must be a String or a"
            + " List<String>, but %s is %s. Change its type, or remove @Quote.",
        component, found);
  }

  static String quoteUnknownSource(String method, String component, String source, String parameters) {
    return String.format(
        "@Quote(\"%s\") on %s names the parameter the quote comes from, but %s has no parameter"
            + " '%s' (parameters: %s). Name one of its String parameters, e.g. @Quote(\"text\").",
        source, component, method, source, parameters);
  }

  static String quoteSourceNotText(String method, String component, String source, String found) {
    return String.format(
        "@Quote(\"%s\") on %s quotes the parameter %s of %s, which must be a String or another"
            + " CharSequence to be searched, but it is %s. Quote a text parameter, or pass the"
            + " text as a String.",
        source, component, source, method, found);
  }

  static String quoteSourceNullable(String method, String source) {
    return String.format(
        "@Quote checks quotes against the parameter %s of %s, which is @Nullable; without a text"
            + " no quote could pass. Remove @Nullable from it.",
        source, method);
  }

  static String quoteStreamed(String method, String component) {
    return String.format(
        "@Quote on %s is checked on the whole answer, but %s streams its result. Return the"
            + " value, Extraction<T> or a CompletableFuture of them, or remove @Quote.",
        component, method);
  }

  static String futureOfVoid(String method, String found) {
    return String.format(
        "@Prompt method %s must complete with what the model extracts, but it returns %s. Declare"
            + " the result type, e.g. CompletableFuture<Receipt>.",
        method, found);
  }

  static String unsupportedFuture(String method, String found, String inner) {
    return String.format(
        "@Prompt method %s can run asynchronously only by returning CompletableFuture<T> or"
            + " CompletionStage<T>, but it returns %s. Return CompletableFuture<%s> instead.",
        method, found, inner);
  }

  static String nestedFuture(String method, String found, String inner) {
    return String.format(
        "@Prompt method %s may return a CompletableFuture or CompletionStage only as the"
            + " outermost type, completing with the result, an Optional or an Extraction of it,"
            + " but it returns %s. Return e.g. CompletableFuture<%s> or"
            + " CompletableFuture<Optional<%s>>.",
        method, found, inner, inner);
  }

  static String genericMethod(String method, String typeParameters) {
    return String.format(
        "@Prompt method %s cannot have type parameters, because its schema is written at compile"
            + " time; it declares <%s>. Use concrete types.",
        method, typeParameters);
  }

  /** {@code rename} is a free name to suggest, or {@code null} when there is none to offer. */
  static String nameClash(String method, String other, String constant, String rename) {
    return String.format(
        "@Prompt methods need distinct names, because the name is the tool name sent to the model"
            + " and names the generated constant %s; %s clashes with %s. Rename one of them by"
            + " what it reads%s.",
        constant,
        method,
        other,
        rename != null ? ", e.g. " + method + " to " + rename : "");
  }

  static String malformedPlaceholder(String placeholder) {
    return String.format(
        "@Prompt placeholders must be a parameter name optionally followed by component names,"
            + " e.g. {{text}} or {{ticket.subject}}, but found {{%s}}. Fix the placeholder.",
        placeholder);
  }

  static String unknownPlaceholder(String placeholder, String name, String method, String params) {
    return String.format(
        "@Prompt placeholder {{%s}} must name a parameter of %s, but there is none called '%s'"
            + " (parameters: %s). Fix the name or add the parameter.",
        placeholder, method, name, params);
  }

  static String unusedParameter(String parameter, String method) {
    return String.format(
        "@Prompt of %s must use every parameter, but no placeholder uses '%s'. Add {{%s}} to the"
            + " @Prompt template, or remove the parameter.",
        method, parameter, parameter);
  }

  static String attachmentPlaceholder(
      String placeholder, String parameter, String type, String method) {
    return String.format(
        "@Prompt placeholder {{%s}} names the %s parameter '%s' of %s, but images and documents"
            + " are sent as attachments after the prompt's text, not inside it. Remove the"
            + " placeholder: '%s' is attached without one.",
        placeholder, type, parameter, method, parameter);
  }

  static String attachmentContainer(String method, String parameter, String type, String media) {
    return String.format(
        "@Prompt method %s attaches images and documents from parameters of type Image, Document,"
            + " List<Image> or List<Document>, but '%s' is %s. Declare it as List<%s>.",
        method, parameter, type, media);
  }

  static String nullableAttachment(String method, String parameter, String type) {
    return String.format(
        "@Prompt method %s sends its image and document parameters as attachments, which cannot"
            + " be null, but '%s' (%s) is @Nullable. Remove @Nullable, or declare a List and pass"
            + " an empty one for none.",
        method, parameter, type);
  }

  static String twoConversations(String method, String first, String second) {
    return String.format(
        "@Prompt method %s may take one conversation (a List<Message> sent before the prompt), but"
            + " '%s' is a second one after '%s'. Join them into one list, or remove one.",
        method, second, first);
  }

  static String conversationType(String method, String parameter, String type) {
    return String.format(
        "@Prompt method %s takes the conversation so far as a List<Message> (in order, oldest"
            + " first), but '%s' is %s. Declare it as List<Message>.",
        method, parameter, type);
  }

  static String nullableConversation(String method, String parameter) {
    return String.format(
        "@Prompt method %s sends its conversation '%s' before the prompt, so it cannot be null,"
            + " but it is @Nullable. Remove @Nullable and pass List.of() for no conversation.",
        method, parameter);
  }

  static String conversationPlaceholder(String placeholder, String parameter, String method) {
    return String.format(
        "@Prompt placeholder {{%s}} names the conversation '%s' of %s, but the conversation is"
            + " sent as messages before the prompt, not inside it. Remove the placeholder.",
        placeholder, parameter, method);
  }

  static String unknownLabels(String method, String name, String labelSets) {
    return String.format(
        "@OneOf(\"%s\") on a field of the result of %s must name a LabelSet parameter of the"
            + " method, but it has none called '%s' (LabelSet parameters: %s). Add the parameter"
            + " 'LabelSet %s', or fix the name in @OneOf.",
        name, method, name, labelSets, name);
  }

  static String unusedLabels(String method, String parameter) {
    return String.format(
        "@Prompt method %s must use its LabelSet parameter '%s' in the result, but no field of"
            + " the result is @OneOf(\"%s\"). Annotate the String field the labels are for, or"
            + " remove the parameter.",
        method, parameter, parameter);
  }

  static String oneOfType(String type) {
    return String.format(
        "@OneOf takes a String, or a List<String> or Set<String> of labels, but the field is %s."
            + " Declare it as String (one label) or List<String> (several).",
        type);
  }

  static String optionalOneOf(String type) {
    return String.format(
        "@OneOf fields must be answered: the label set has no 'none' choice, but the field is"
            + " %s (optional). Make it required, or add a label such as \"none\" to the set.",
        type);
  }

  static String blankOneOf() {
    return "@OneOf must name the method's LabelSet parameter, but its value is empty. Write"
        + " @OneOf(\"parameterName\").";
  }

  static String parallelToolsResult(String method, String type, String where) {
    return String.format(
        "Mode.PARALLEL_TOOLS (%s) answers with one tool call per list element, one tool per record,"
            + " so %s must return List<R> of a record R or List<S> of a sealed interface S of"
            + " records, but it returns %s. Return such a list, or use Mode.TOOLS.",
        where, method, type);
  }

  static String parallelToolsStreaming(String method, String type, String where) {
    return String.format(
        "Mode.PARALLEL_TOOLS (%s) reads the tool calls of a response together, so %s cannot"
            + " stream them, but it returns %s. Return the List itself (or Extraction<List<...>>,"
            + " or a CompletableFuture of it), or use Mode.TOOLS to stream.",
        where, method, type);
  }

  static String badPlaceholderPath(
      String placeholder, String segment, String type, String available) {
    return String.format(
        "@Prompt placeholder {{%s}}: '%s' must be a record component or a no-argument getter of"
            + " %s, but there is none. Use one of: %s.",
        placeholder, segment, type, available);
  }

  static String extractionOfOptional(String method, String found, String inner) {
    return String.format(
        "@Prompt method %s cannot return Extraction<Optional<...>>, found %s; an Extraction"
            + " already says when the value is absent. Return Extraction<%s> and call"
            + " optionalValue() on it.",
        method, found, inner);
  }

  static String rawType(String type) {
    String raw = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
    String simple = raw.substring(raw.lastIndexOf('.') + 1);
    String example =
        simple.endsWith("Map")
            ? simple + "<String, Integer>"
            : simple.equals("Optional") ? "Optional<String>" : simple + "<String>";
    return String.format(
        "@LlmExtract result types need a JSON schema, so generic types need type arguments, but"
            + " found the raw type %s, without any. Add the type arguments, e.g. %s.",
        type, example);
  }

  static String growingTypeArguments(String type, String chain) {
    return String.format(
        "@LlmExtract result types need a finite JSON schema, but %s refers to itself with type"
            + " arguments that grow at every level (%s, ...), so its schema would never end."
            + " Use the same type arguments in the recursive use (e.g. List<Tree<T>>), or a"
            + " record without type parameters.",
        type, chain);
  }

  static String genericSealed(String type, String parameters) {
    return String.format(
        "@LlmExtract binds sealed interfaces without type parameters, but %s is a sealed interface"
            + " with type parameters <%s>, so its variants' schemas cannot be told from it. Remove"
            + " the type parameters, or use a record with type parameters instead.",
        type, parameters);
  }

  static String defaultPrompt(String method) {
    return String.format(
        "@Prompt marks the methods the model answers, but %s is a default method, whose body"
            + " would run instead of the model. Remove the body and the default modifier, or"
            + " remove @Prompt to keep the body.",
        method);
  }

  static String wildcard(String type) {
    return String.format(
        "@LlmExtract result types need a JSON schema, so they cannot contain wildcards, but found"
            + " %s. Use a concrete type argument, e.g. List<Person> instead of List<? extends"
            + " Person>.",
        type);
  }

  static String objectType() {
    return "@LlmExtract result types need a JSON schema, but java.lang.Object says nothing about"
        + " the answer. Use a record, a concrete type, or Map<String, V>.";
  }

  static String byteArray() {
    return "@LlmExtract result types need a JSON form a model can write, but byte[] has none."
        + " Use a String (e.g. base64) instead.";
  }

  static String mapKey(String type) {
    return String.format(
        "@LlmExtract maps need String keys, because JSON object keys are strings, but found %s."
            + " Use Map<String, V>, or a List of records holding key and value.",
        type);
  }

  static String collectionInterface(String type) {
    return String.format(
        "@LlmExtract collections must be declared as List, Set, Collection or Map, so that any"
            + " implementation can be bound, but found %s. Declare the interface type instead.",
        type);
  }

  static String optionalNotAllowed(String type) {
    return String.format(
        "@LlmExtract allows Optional only as a method's return type or a record component, but"
            + " found %s. Use the element type itself; mark an absent component with Optional on"
            + " the component.",
        type);
  }

  static String noCanonicalConstructor(String type, String expected) {
    return String.format(
        "@LlmExtract binds answers through a record's or class's canonical constructor, but %s"
            + " has no public constructor whose parameters match its fields. Add one, e.g. public"
            + " %s, or make it a record.",
        type, expected);
  }

  static String abstractClass(String type) {
    return String.format(
        "@LlmExtract binds answers by constructing the declared type, but %s is abstract. Use a"
            + " record, or a sealed interface whose permitted subclasses are records.",
        type);
  }

  static String notSealed(String type) {
    return String.format(
        "@LlmExtract binds an interface only when it is sealed and permits records alone, but %s"
            + " is not sealed. Make it a sealed interface permitting records, or use a record.",
        type);
  }

  static String sealedNonRecord(String type, String subclass, String kind) {
    String fix =
        kind.contains("interface")
            ? String.format(
                "Let %s permit the records of %s directly (nested unions are not supported), or"
                    + " make %s a record.",
                type, subclass, subclass)
            : String.format("Make %s a record.", subclass);
    return String.format(
        "@LlmExtract binds a sealed interface only when all its permitted subclasses are records,"
            + " but %s permits %s, which is %s, not a record. %s",
        type, subclass, kind, fix);
  }

  static String tagClash(String record, String union) {
    return String.format(
        "@LlmExtract tells the records of sealed interface %s apart by a property 'type' holding"
            + " the record's name, but %s has a component named 'type' that would clash with it."
            + " Rename the component, e.g. to 'kind'.",
        union, record);
  }

  static String notAccessible(String type, String reason) {
    return String.format(
        "@LlmExtract must construct %s from the answer and name it in generated code, but it is"
            + " %s. Make it public or package-private, and static if nested.",
        type, reason);
  }

  static String unsupportedType(String type) {
    return String.format(
        "@LlmExtract result types need a JSON schema, but %s has none. Use a record, an enum,"
            + " String, a number, boolean, a java.time type, UUID, URI, List, Set, an array or"
            + " Map<String, V>.",
        type);
  }

  static String ambiguousAlias(
      String owner, String alias, String kind, String type, String taken, boolean ignoreCase) {
    return String.format(
        "@Alias on %s: an alias must stand for one %s of %s only, so that the model's answer"
            + " reads one way, but '%s' is also %s%s. Remove the alias or choose another.",
        owner,
        kind,
        type,
        alias,
        taken,
        ignoreCase ? " (constants match ignoring case)" : "");
  }

  static String constraintMismatch(String annotation, String appliesTo, String type) {
    return String.format(
        "@%s applies to %s, but it is on %s. Remove it, or change the type.",
        annotation, appliesTo, type);
  }

  static String badDecimal(String annotation, String value) {
    return String.format(
        "@%s needs a decimal number, but found \"%s\". Write a number, e.g. \"0.5\".",
        annotation, value);
  }

  static String strictLimit(String method, String limit, long found) {
    return String.format(
        "@Prompt method %s: OpenAI's strict structured output allows %s, but the result schema"
            + " has %d. Split the result into smaller types or methods.",
        method, limit, found);
  }

  static String notStrict(String method, String reason) {
    return String.format(
        "@Prompt method %s: no OpenAI strict schema is generated, because %s cannot be expressed"
            + " in OpenAI's strict mode. Strict mode will not be used for this method; the full"
            + " schema is still validated. Use a List of records instead to allow it.",
        method, reason);
  }

  static String unresolvedType(String iface) {
    return String.format(
        "@LlmExtract interface %s refers to types that were never generated or cannot be found,"
            + " so its implementation was not generated. Fix the missing types (see the other"
            + " errors).",
        iface);
  }

  static String internalError(String iface, String stackTrace) {
    return String.format(
        "@LlmExtract: Quarry bug while processing %s; the implementation was not generated."
            + " Please report it with this stack trace:%n%s",
        iface, stackTrace);
  }

  static String componentModelWithoutInject() {
    return "The processor option -A" + ComponentModel.OPTION + "=jakarta makes generated"
        + " implementations @jakarta.inject.Singleton with an @jakarta.inject.Inject constructor,"
        + " but jakarta.inject.Inject is not on the compile class path. Add the dependency"
        + " jakarta.inject:jakarta.inject-api, or set -A" + ComponentModel.OPTION + "=none.";
  }

  static String unknownComponentModel(String value) {
    return String.format(
        "The processor option -A%s must be jakarta or none, but it is '%s'. Use jakarta for"
            + " @Singleton classes with an @Inject constructor, none for plain classes, or leave"
            + " it unset to use jakarta exactly when jakarta.inject is on the class path.",
        ComponentModel.OPTION, value);
  }
  static String rawStreaming(String method, String found) {
    return String.format(
        "@Prompt method %s streams its answer, so the stream needs its element type, but %s is"
            + " raw. Add the type argument, e.g. Stream<Person> for the elements of a list, or"
            + " Stream<ReceiptPartial> for partial snapshots of a Receipt.",
        method, found);
  }

  static String streamingWildcard(String method, String found) {
    return String.format(
        "@Prompt method %s streams its answer, whose schema is written at compile time, so the"
            + " element type cannot be a wildcard, but found %s. Name the element type, e.g."
            + " Stream<Person>.",
        method, found);
  }

  static String streamingElement(String method, String found, String element) {
    return String.format(
        "@Prompt method %s streams its answer, but %s streams %s, which is not an element of a"
            + " list answer: Optional, Extraction and streams cannot be streamed. Stream the"
            + " element type itself (e.g. Stream<Person>), or return StreamingExtraction<T> to"
            + " see every event.",
        method, found, element);
  }

  static String streamingInside(String method, String found) {
    return String.format(
        "@Prompt methods return a stream directly, because a stream is read while the model"
            + " writes, but %s returns %s. Return the stream itself, e.g. Stream<Person> or"
            + " StreamingExtraction<T>.",
        method, found);
  }

  static String partialOfUnion(String method, String record, String union) {
    return String.format(
        "@Prompt method %s streams partial snapshots of %s, but %s reaches the sealed interface"
            + " %s, which has no partial type (which variant it is may not be known yet). Stream"
            + " StreamingExtraction<%s> and read the snapshots as JSON, or the list elements.",
        method, record, record, union, record);
  }

  static String partialOfGeneric(String method, String record, String generic) {
    return String.format(
        "@Prompt method %s streams partial snapshots of %s, but it reaches the generic type %s,"
            + " which has no partial type. Use a record without type parameters, or return"
            + " StreamingExtraction<%s>.",
        method, record, generic, record);
  }

  static String partialNameTaken(String method, String type, String partial) {
    return String.format(
        "@Prompt method %s streams partial snapshots, for which Quarry generates %s for %s, but"
            + " a type of that name exists and was not generated by Quarry. Rename it.",
        method, partial, type);
  }
}
