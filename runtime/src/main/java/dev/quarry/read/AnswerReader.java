package dev.quarry.read;

/**
 * Reads one answer value from a {@link JsonIn} positioned on its first token, checking the
 * schema as it goes. Generated per result type by the processor; see {@link JsonIn#read}.
 *
 * @param <T> the result type (the unwrapped type, as {@code ExtractMethod}'s)
 */
@FunctionalInterface
public interface AnswerReader<T> {
  T read(JsonIn in);
}
