package dev.quarry.reliability;

import static dev.quarry.reliability.Fixtures.KEY;
import static dev.quarry.reliability.Fixtures.PERSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.Image;
import dev.quarry.InvalidInputException;
import dev.quarry.Message;
import dev.quarry.Quarry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input from the caller is rejected before any request, with a message that says why. */
class InputValidationTest {
  private final EchoTransport transport = new EchoTransport(Duration.ZERO);

  private Quarry.Builder builder() {
    return Quarry.builder().transport(transport).apiKey(KEY).model("gpt-4o-mini");
  }

  @Test
  void nullArgumentsAreNamed() {
    Quarry quarry = builder().build();
    assertThatThrownBy(() -> quarry.extract(null, "x"))
        .isInstanceOf(NullPointerException.class).hasMessage("method == null");
    assertThatThrownBy(() -> quarry.extract(PERSON, null))
        .isInstanceOf(NullPointerException.class).hasMessage("userMessage == null");
    assertThatThrownBy(() -> quarry.extract(PERSON, "x", null))
        .isInstanceOf(NullPointerException.class).hasMessage("attachments == null");
    List<Message.Part> withNull = Arrays.asList((Message.Part) null);
    assertThatThrownBy(() -> quarry.extract(PERSON, "x", withNull))
        .isInstanceOf(NullPointerException.class).hasMessage("attachments[0] == null");
    assertThatThrownBy(() -> quarry.batch(null, x -> x))
        .isInstanceOf(NullPointerException.class).hasMessage("inputs == null");
    assertThat(transport.requests).hasValue(0);
  }

  @Test
  void emptyAndBlankPromptsAreRejected() {
    Quarry quarry = builder().build();
    for (String blank : List.of("", "   ", "\n\t")) {
      assertThatThrownBy(() -> quarry.extract(PERSON, blank))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Fixtures.person: the prompt is empty");
    }
    assertThat(transport.requests).hasValue(0);
  }

  @Test
  void anEmptyTextWithAnImageIsAllowed() {
    Image image = Image.fromBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, "image/png");
    assertThat(builder().build().extract(PERSON, "", List.of(image)).value().name()).isEmpty();
    assertThat(transport.requests).hasValue(1);
  }

  @Test
  void oversizedPromptsAreRejectedWithTheFigures() {
    Quarry quarry = builder().maxInputChars(1000).build();

    assertThat(quarry.extract(PERSON, "a".repeat(1000)).value()).isNotNull();
    assertThatThrownBy(() -> quarry.extract(PERSON, "a".repeat(1001)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1001 characters, more than the limit of 1000")
        .hasMessageContaining("maxInputChars")
        .hasMessageContaining("Nothing was sent");
    assertThat(transport.requests).hasValue(1);
  }

  @Test
  void builderSettingsAreChecked() {
    assertThatThrownBy(() -> Quarry.builder().maxInputChars(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quarry.builder().deadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
    assertThatThrownBy(() -> Quarry.builder().maxTokensPerCall(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quarry.builder().maxTokensTotal(-5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quarry.builder().maxRetries(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().build().batch(List.of(), x -> x, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
  }
}
