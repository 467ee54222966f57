package dev.quarry.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with {@link QuarryRecordings}: its test methods may take a {@link
 * dev.quarry.Quarry} (or a {@link dev.quarry.transport.Transport}) parameter that calls the live
 * model and records the exchanges when the provider's key is in the environment, and replays the
 * recordings when it is not.
 *
 * <pre>{@code
 * @QuarryTest(provider = "openai", model = "gpt-4o-mini")
 * class ReceiptReaderTest {
 *   @Test
 *   void readsTheTotal(Quarry quarry) {
 *     ReceiptReader reader = quarry.create(ReceiptReader.class);
 *     assertThat(reader.read(TEXT).total()).isEqualByComparingTo("11.05");
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(QuarryRecordings.class)
public @interface QuarryTest {
  /** The provider's name, as {@code dev.quarry.provider.Providers.named} knows it. */
  String provider() default "openai";

  /** The model. */
  String model();

  /**
   * Where recordings live, relative to the working directory (the module's directory under
   * Maven and Gradle); each test method's are in {@code <directory>/<TestClass>/<method>/}.
   */
  String directory() default QuarryRecordings.DEFAULT_DIRECTORY;
}
