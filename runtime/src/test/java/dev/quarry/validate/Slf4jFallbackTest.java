package dev.quarry.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 7, in fresh JVMs: a plain application without a logging back end prints no
 * SLF4J warning, while one with an SLF4J provider (Logback, Log4j...) keeps it, and sees the
 * logs.
 */
class Slf4jFallbackTest {
  @TempDir Path dir;

  @Test
  void withoutALoggingBackEndNothingIsPrintedOnStandardError() throws Exception {
    Run run = run(List.of());

    assertThat(run.stderr).doesNotContain("SLF4J").isEmpty();
    assertThat(run.stdout).contains("violations=1")
        .contains("factory=org.slf4j.helpers.NOPLoggerFactory")
        .contains("provider=org.slf4j.helpers.NOP_FallbackServiceProvider");
  }

  @Test
  void withAProviderOnTheClassPathItIsUsedAndLogsFlow() throws Exception {
    Path services = dir.resolve("provider/META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve("org.slf4j.spi.SLF4JServiceProvider"),
        RecordingSlf4jProvider.class.getName() + "\n");

    Run run = run(List.of(dir.resolve("provider").toString()));

    assertThat(run.stderr).doesNotContain("SLF4J");
    assertThat(run.stdout).contains("violations=1")
        .contains("LOGGED dev.quarry.test: hello from the application")
        .contains("provider=null") // Quarry left SLF4J's choice alone
        .doesNotContain("NOPLoggerFactory");
  }

  @Test
  void theSwitchTurnsTheFallbackOff() throws Exception {
    Run run = run(List.of(), "-Dquarry.slf4j.fallback=false");

    assertThat(run.stderr).contains("No SLF4J providers were found");
    assertThat(run.stdout).contains("provider=null");
  }

  private record Run(String stdout, String stderr) {}

  private Run run(List<String> extraClassPath, String... jvmOptions) throws Exception {
    List<String> classPath = new ArrayList<>(extraClassPath);
    for (String entry : testClassPath().split(File.pathSeparator)) {
      // only what a plain application has: Quarry and its dependencies, no test libraries
      // that bring SLF4J providers or logging set-ups of their own
      if (!entry.isEmpty() && !entry.contains("junit") && !entry.contains("jqwik")
          && !entry.contains("opentest4j") && !entry.contains("surefire")) {
        classPath.add(entry);
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add(Slf4jFallbackDriver.class.getName());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the forked JVM finished").isTrue();
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit value; stderr:\n%s", stderr).isZero();
    return new Run(stdout, stderr);
  }

  /** Surefire may run tests from a manifest-only jar; it keeps the real class path here. */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}
