package dev.quarry.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.quarry.processor.MethodModel.Returns;

/** The return expressions of streaming methods, around a {@code quarry.extractStreaming} call. */
final class StreamingBodies {
  private static final ClassName STREAMING = ClassName.get("dev.quarry.spi", "Streaming");

  private StreamingBodies() {}

  /** Whether {@code returns} calls {@code extractStreaming} rather than {@code extract}. */
  static boolean streams(Returns returns) {
    switch (returns) {
      case VALUE:
      case OPTIONAL:
      case EXTRACTION:
        return false;
      default:
        return true;
    }
  }

  /**
   * {@code call.<E>elements()} for a list, {@code Streaming.partials(call, RPartial::of)} for
   * snapshots, adapted to an {@code Iterator} or a {@code Flow.Publisher}; the call itself for
   * {@code StreamingExtraction}.
   */
  static CodeBlock body(MethodModel method, CodeBlock call) {
    CodeBlock stream;
    switch (method.returns()) {
      case STREAM:
      case ITERATOR:
      case PUBLISHER:
        TypeName element = ((ParameterizedTypeName) method.resultType()).typeArguments().get(0);
        stream = CodeBlock.of("$L.<$T>elements()", call, element);
        break;
      case STREAM_OF_PARTIALS:
      case ITERATOR_OF_PARTIALS:
      case PUBLISHER_OF_PARTIALS:
        ClassName partial = StreamingReturn.partialName((ClassName) method.resultType());
        stream = CodeBlock.of("$T.partials($L, $T::of)", STREAMING, call, partial);
        break;
      case STREAMING_EXTRACTION:
        return call;
      default:
        throw new IllegalArgumentException("not a streaming method: " + method.returns());
    }
    switch (method.returns()) {
      case ITERATOR:
      case ITERATOR_OF_PARTIALS:
        return CodeBlock.of("$T.iterator($L)", STREAMING, stream);
      case PUBLISHER:
      case PUBLISHER_OF_PARTIALS:
        return CodeBlock.of("$T.publisher($L)", STREAMING, stream);
      default:
        return stream;
    }
  }
}
