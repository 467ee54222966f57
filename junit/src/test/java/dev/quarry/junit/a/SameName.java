package dev.quarry.junit.a;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.Quarry;
import dev.quarry.junit.QuarryRecordings;
import dev.quarry.junit.QuarryRecordingsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user's test class whose simple name another package uses too; run by {@link
 * QuarryRecordingsTest} (not by surefire: the name does not end in Test).
 */
public class SameName {
  @RegisterExtension
  static final QuarryRecordings RECORDINGS = QuarryRecordings.builder()
      .provider("openai").model("gpt-4o-mini").directory(QuarryRecordingsTest.ROOT)
      .environment(QuarryRecordingsTest.ENVIRONMENT::get).build();

  @Test
  void reads(Quarry quarry) {
    assertThat(quarry.extract(QuarryRecordingsTest.PERSON, "Ada is 36.").value())
        .isEqualTo(new QuarryRecordingsTest.Person("Ada", 36));
  }
}
