package dev.quarry.streaming;

import dev.quarry.Message;
import dev.quarry.Quarry;
import dev.quarry.StreamingExtraction;
import dev.quarry.spi.ExtractMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls the package-private {@code StreamingRun.start}: the public {@code Quarry} methods that
 * will delegate to it are added when this branch is integrated; switch these tests to them then.
 */
final class Streaming {
  private Streaming() {}

  @SuppressWarnings("unchecked")
  static <T> StreamingExtraction<T> start(Quarry quarry, ExtractMethod<T> method, String user) {
    try {
      Class<?> run = Class.forName("dev.quarry.StreamingRun");
      Method start = run.getDeclaredMethod(
          "start", Quarry.class, ExtractMethod.class, Message.UserPrompt.class);
      start.setAccessible(true);
      return (StreamingExtraction<T>) start.invoke(null, quarry, method, Message.user(user));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
