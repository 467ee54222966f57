package dev.quarry.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @Prompt} method, checked and ready to generate.
 *
 * @param constantName the {@code ExtractMethod} constant, e.g. {@code READ_WITH_DETAILS}
 * @param resultType the Java type the answer binds to (unwrapped, boxed)
 * @param wrapped whether the answer is wrapped in {@code {"value": ...}}
 * @param returns how the method hands the answer back
 * @param async whether it returns a {@code CompletableFuture} or {@code CompletionStage}
 *     completing with what {@code returns} says
 * @param maxAttempts the attempt limit, 0 for the client's
 * @param maxRetries the transport retry limit, -1 for the client's
 * @param schema the answer's JSON schema
 * @param strictSchema the same in OpenAI's strict dialect, or {@code null} when inexpressible
 * @param unions the sealed interfaces reachable from the result
 * @param message the user message: the rendered prompt and the attachments after it
 * @param nonNullParameters the reference-typed parameters not marked {@code @Nullable}, checked
 *     for null before anything else, in parameter order
 * @param result how the answer's value appears in JSON ({@code null} only in hand-made models)
 * @param valueType the Java type of the answer's value, as declared (maybe primitive)
 * @param nullable whether the wrapped value may be {@code null} (an {@code Optional} result)
 */
record MethodModel(
    ExecutableElement element,
    String name,
    String constantName,
    TypeName resultType,
    boolean wrapped,
    Returns returns,
    boolean async,
    String description,
    String model,
    String mode,
    int maxAttempts,
    int maxRetries,
    String schema,
    String strictSchema,
    List<NamedType.UnionType> unions,
    UserMessage message,
    List<String> nonNullParameters,
    TypeUse result,
    javax.lang.model.type.TypeMirror valueType,
    boolean nullable) {

  /** How the method returns the extraction. */
  enum Returns {
    /** {@code T}: the value. */
    VALUE,
    /** {@code Optional<T>}: the value, absent when the model says null. */
    OPTIONAL,
    /** {@code Extraction<T>}: everything. */
    EXTRACTION,
    /** {@code Stream<E>} of a {@code List<E>} answer: each element as soon as it is valid. */
    STREAM,
    /** {@code Iterator<E>} of a {@code List<E>} answer. */
    ITERATOR,
    /** {@code Flow.Publisher<E>} of a {@code List<E>} answer. */
    PUBLISHER,
    /** {@code Stream<RPartial>} of an {@code R} answer: the snapshots as they grow. */
    STREAM_OF_PARTIALS,
    /** {@code Iterator<RPartial>} of an {@code R} answer. */
    ITERATOR_OF_PARTIALS,
    /** {@code Flow.Publisher<RPartial>} of an {@code R} answer. */
    PUBLISHER_OF_PARTIALS,
    /** {@code StreamingExtraction<T>}: every event. */
    STREAMING_EXTRACTION
  }

  /**
   * The literal parts and placeholders of the prompt's text, in order, and the image and
   * document parameters sent after it, in parameter order.
   */
  record UserMessage(List<PromptPart> text, List<Attachment> attachments) {}

  /** An {@code Image} or {@code Document} parameter, or a {@code List} of them ({@code many}). */
  record Attachment(String parameter, boolean many) {}

  /** A literal part of the prompt, or a placeholder: a parameter and accessor calls. */
  sealed interface PromptPart {}

  record Literal(String text) implements PromptPart {}

  /** {@code {{parameter.a.b}}} with {@code accessors} the method names to call, in order. */
  record Placeholder(String parameter, List<String> accessors) implements PromptPart {}
}
