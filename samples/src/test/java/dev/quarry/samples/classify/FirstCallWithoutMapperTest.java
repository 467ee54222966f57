package dev.quarry.samples.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's start-up claim: a generated client's first call, answered validly, builds no
 * databind mapper (building one costs a cold JVM a couple of hundred milliseconds). Watched in a
 * fresh JVM through its class-loading log.
 */
class FirstCallWithoutMapperTest {
  @Test
  void aValidFirstCallLoadsNoObjectMapper(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath == null || classPath.isBlank()) {
      classPath = System.getProperty("java.class.path");
    }
    Process process = new ProcessBuilder(List.of(java, "-Xlog:class+load=info", "-cp", classPath,
            FirstCallMain.class.getName()))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the forked JVM finished").isTrue();
    String log = Files.readString(out, StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("result TECHNICAL_ISSUE after 1 attempt(s)");
    assertThat(log).as("the generated client ran").contains("TicketClassifierImpl ");
    assertThat(log).doesNotContain("tools.jackson.databind.ObjectMapper ")
        .doesNotContain("dev.quarry.spi.Mapper ");
  }
}
